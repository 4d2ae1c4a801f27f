import { describe, expect, it, vi } from 'vitest';
import { Rating } from 'ts-fsrs';
import { Queue } from '../../src/lib/db/schema';
import { mergeBuiltinDecks, syncBuiltinDeck, syncBuiltinDecks } from '../../src/lib/decks/sync';
import type { CompiledDeck } from '../../src/lib/decks/types';
import { recordAnswer } from '../../src/lib/srs/answer';
import { nextCard } from '../../src/lib/srs/queue';
import { createScheduler, pickSchedule } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { freshDb, makeDeck } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();

/** `decks` as the app's server has them (a manifest and one file per deck): a fetch that records each URL asked for. */
function servedDecks(decks: CompiledDeck[]) {
  const files: Record<string, unknown> = {
    '/decks/manifest.json': { decks: decks.map((d) => ({ id: d.id, title: d.title, hash: d.hash, cardCount: d.cards.length, file: `${d.id}.json` })) }
  };
  for (const d of decks) files[`/decks/${d.id}.json`] = d;
  const fetched: string[] = [];
  const fetcher = (async (url: string) => {
    fetched.push(url);
    return new Response(JSON.stringify(files[url]), { status: files[url] ? 200 : 404 });
  }) as typeof fetch;
  return { fetcher, fetched };
}
const scheduler = createScheduler(DEFAULT_SETTINGS);

describe('built-in deck updates keep review history', () => {
  it('v1 -> study -> v2 with an edited, a removed and an added card', async () => {
    const db = freshDb();
    const v1 = makeDeck('d', 3, 'v1');
    expect(await syncBuiltinDeck(db, v1, 0, noon)).toEqual({ added: 3, updated: 0, retired: 0, unchanged: false });
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000);
    await recordAnswer(db, scheduler, 'd-c1', Rating.Easy, noon + 1, 1000);
    const studied0 = pickSchedule((await db.cards.get('d-c0'))!);
    const studied1 = pickSchedule((await db.cards.get('d-c1'))!);
    const logs = await db.reviewLogs.toArray();

    const v2: CompiledDeck = {
      ...v1,
      hash: 'v2',
      cards: [
        { id: 'd-c0', front: 'Q0 (clearer)', back: 'A0, corrected', more: 'Why.', tags: ['x'] },
        // d-c1 removed
        { id: 'd-c2', front: 'Q2', back: 'A2', tags: [] },
        { id: 'd-c3', front: 'Q3 new', back: 'A3', tags: [] }
      ]
    };
    const later = noon + 86_400_000;
    expect(await syncBuiltinDeck(db, v2, 0, later)).toEqual({ added: 1, updated: 1, retired: 1, unchanged: false });

    const c0 = (await db.cards.get('d-c0'))!;
    expect(c0).toMatchObject({ front: 'Q0 (clearer)', back: 'A0, corrected', more: 'Why.', tags: ['x'], updatedAt: later, createdAt: noon });
    expect(pickSchedule(c0)).toEqual(studied0);
    const c1 = (await db.cards.get('d-c1'))!;
    expect(c1).toMatchObject({ retired: true, queue: Queue.Retired });
    expect(pickSchedule(c1)).toEqual(studied1);
    expect(await db.cards.get('d-c3')).toMatchObject({ state: 0, queue: Queue.New, reps: 0, ord: 2 });
    expect(await db.reviewLogs.toArray()).toEqual(logs);
    expect((await db.decks.get('d'))!.hash).toBe('v2');

    // The retired card is never offered; the new one is.
    const offered = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const card = await nextCard(db, 'd', later + i * 1000, DEFAULT_SETTINGS);
      if (!card) break;
      offered.add(card.id);
      await recordAnswer(db, scheduler, card.id, Rating.Easy, later + i * 1000, 1000);
    }
    expect(offered.has('d-c1')).toBe(false);
    expect(offered.has('d-c3')).toBe(true);

    // A card that comes back in v3 is un-retired with its schedule intact.
    await syncBuiltinDeck(db, { ...v1, hash: 'v3' }, 0, later);
    expect(await db.cards.get('d-c1')).toMatchObject({ retired: false, queue: Queue.Review, ...studied1 });
  });

  it('does nothing when the hash is unchanged', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, makeDeck('d', 2), 0, noon);
    expect(await syncBuiltinDeck(db, makeDeck('d', 2), 0, noon + 1)).toMatchObject({ unchanged: true });
  });

  it('syncs from a manifest and fetches only decks that changed', async () => {
    const db = freshDb();
    const a = makeDeck('a', 2, 'ha1');
    const b = makeDeck('b', 1, 'hb1');
    const { fetcher, fetched } = servedDecks([a, b]);
    await syncBuiltinDecks(db, '', noon, fetcher);
    expect(await db.cards.count()).toBe(3);
    fetched.length = 0;
    await syncBuiltinDecks(db, '', noon, fetcher);
    expect(fetched).toEqual(['/decks/manifest.json']);
  });

  it('merges the deck a first visit opened first, and the others only once the first screen is painted', async () => {
    const db = freshDb();
    const decks = [makeDeck('a', 2, 'ha'), makeDeck('b', 1, 'hb'), makeDeck('c', 3, 'hc')];
    const { fetcher, fetched } = servedDecks(decks);
    let painted!: () => void;
    const firstScreen = new Promise<void>((resolve) => (painted = resolve));
    let atFirst: { decks: string[]; fetched: string[] } | null = null;
    const all = syncBuiltinDecks(db, '', noon, fetcher, {
      first: 'c',
      onFirstMerged: () =>
        void db.decks
          .toCollection()
          .primaryKeys()
          .then((keys) => (atFirst = { decks: keys as string[], fetched: [...fetched] })),
      restAfter: firstScreen
    });
    await vi.waitFor(() => expect(atFirst).not.toBeNull());
    expect(atFirst).toEqual({ decks: ['c'], fetched: ['/decks/manifest.json', '/decks/c.json'] });
    // Nothing more is fetched or written until the first screen is painted.
    await new Promise((r) => setTimeout(r, 20));
    expect(fetched).toHaveLength(2);
    painted();
    expect(await all).toBe(3);
    expect((await db.decks.orderBy('position').primaryKeys()) as string[]).toEqual(['a', 'b', 'c']);
    expect(await db.cards.count()).toBe(6);
  });

  it("hands the decks after the first to mergeRest (the app's worker), in manifest order, and counts what it merged", async () => {
    const db = freshDb();
    const decks = [makeDeck('a', 2, 'ha'), makeDeck('b', 1, 'hb'), makeDeck('c', 3, 'hc')];
    const { fetcher } = servedDecks(decks);
    const handed: unknown[] = [];
    const merged = await syncBuiltinDecks(db, '', noon, fetcher, {
      first: 'b',
      mergeRest: async (rest) => {
        handed.push(rest);
        // What the worker does with them.
        return mergeBuiltinDecks(db, '', rest, noon, fetcher);
      }
    });
    expect(handed).toEqual([
      [
        { id: 'a', file: 'a.json', position: 0 },
        { id: 'c', file: 'c.json', position: 2 }
      ]
    ]);
    expect(merged).toBe(3);
    expect(await db.cards.count()).toBe(6);
    // Merged already: a second run hands nothing on.
    expect(await syncBuiltinDecks(db, '', noon, fetcher, { first: 'b', mergeRest: async (rest) => (handed.push(rest), 0) })).toBe(0);
    expect(handed).toHaveLength(1);
  });
});
