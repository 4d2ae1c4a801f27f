import { describe, expect, it } from 'vitest';
import { setSuspended } from '../../src/lib/cards/actions';
import type { CardRow } from '../../src/lib/db/schema';
import { practiceCards, seededRandom, summarize, type PracticeResult } from '../../src/lib/practice/practice';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { makeDeck, seededDb } from './db-helpers';

describe('practice sessions', () => {
  it('pick studiable cards from several decks, shuffled reproducibly, without writing anything', async () => {
    const db = await seededDb('a', 10);
    await syncBuiltinDeck(db, makeDeck('b', 5), 1, Date.now());
    await setSuspended(db, ['a-c0'], true);
    const before = JSON.stringify(await db.cards.toArray());
    const inOrder = await practiceCards(db, { deckIds: ['a', 'b'], count: 0, shuffle: false, seed: 1 });
    expect(inOrder.map((c) => c.id)).toEqual([...Array.from({ length: 9 }, (_, i) => `a-c${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `b-c${i}`)]);
    const drill1 = await practiceCards(db, { deckIds: ['a', 'b'], count: 6, shuffle: true, seed: 42 });
    const drill2 = await practiceCards(db, { deckIds: ['a', 'b'], count: 6, shuffle: true, seed: 42 });
    expect(drill1).toHaveLength(6);
    expect(drill1.map((c) => c.id)).toEqual(drill2.map((c) => c.id));
    expect(drill1.map((c) => c.id)).not.toEqual(inOrder.slice(0, 6).map((c) => c.id));
    expect(JSON.stringify(await db.cards.toArray())).toBe(before);
    expect(await db.reviewLogs.count()).toBe(0);
  });

  it('seeded random is uniform enough', () => {
    const r = seededRandom(7);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) buckets[Math.floor(r() * 4)]++;
    for (const b of buckets) expect(b).toBeGreaterThan(850);
  });

  it('summarizes weak topics by tag, weakest first', () => {
    const card = (id: string, tags: string[], deckId = 'd') => ({ id, tags, deckId }) as CardRow;
    const results: PracticeResult[] = [
      { card: card('1', ['dns']), grade: 'missed', time: 30_000, timedOut: false },
      { card: card('2', ['dns', 'networking']), grade: 'partly', time: 20_000, timedOut: false },
      { card: card('3', ['sql']), grade: 'got', time: 10_000, timedOut: false },
      { card: card('4', [], 'linux'), grade: 'missed', time: 60_000, timedOut: true }
    ];
    const s = summarize(results, new Map([['linux', 'Linux ops']]));
    expect(s).toMatchObject({ total: 4, got: 1, partly: 1, missed: 2, averageTime: 30_000 });
    expect(s.weakTopics.map((t) => [t.topic, t.weakness])).toEqual([
      ['Linux ops', 1],
      ['dns', 0.75],
      ['networking', 0.5]
    ]);
  });
});
