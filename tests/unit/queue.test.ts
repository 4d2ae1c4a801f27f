import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { Queue } from '../../src/lib/db/schema';
import { recordAnswer } from '../../src/lib/srs/answer';
import { deckCounts, nextCard, nextDueTime } from '../../src/lib/srs/queue';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS, type StudySettings } from '../../src/lib/srs/settings';
import { seededDb, fixtureWrite } from './db-helpers';

const MIN = 60_000;
const DAY = 86_400_000;
// Local noon, so the 04:00 rollover is well away.
const noon = new Date(2026, 0, 10, 12).getTime();
const settings: StudySettings = { ...DEFAULT_SETTINGS };
const scheduler = createScheduler(settings);

describe('queue building', () => {
  it('offers new cards in deck order and counts them against the daily new limit', async () => {
    const db = await seededDb('d', 30, noon);
    expect(await deckCounts(db, 'd', noon, settings)).toEqual({ newCount: 20, learningCount: 0, reviewCount: 0, answeredToday: 0 });
    expect((await nextCard(db, 'd', noon, settings))!.id).toBe('d-c0');
    // Introduce 20 new cards with Easy (straight to review): the new limit is used up.
    for (let i = 0; i < 20; i++) {
      const card = await nextCard(db, 'd', noon + i, settings);
      expect(card!.id).toBe(`d-c${i}`);
      await recordAnswer(db, scheduler, card!.id, Rating.Easy, noon + i, 1000);
    }
    expect(await deckCounts(db, 'd', noon + 100, settings)).toMatchObject({ newCount: 0, answeredToday: 20 });
    expect(await nextCard(db, 'd', noon + 100, settings)).toBeNull();
    // The next study day brings 10 remaining new cards (limit 20, only 10 left).
    const tomorrow = noon + DAY;
    expect((await deckCounts(db, 'd', tomorrow, settings)).newCount).toBe(10);
  });

  it('shows due learning cards before reviews before new cards', async () => {
    const db = await seededDb('d', 5, noon);
    // c0 -> review (Easy), c1 -> learning (Good, due in 10m).
    await recordAnswer(db, scheduler, 'd-c0', Rating.Easy, noon, 1000);
    await recordAnswer(db, scheduler, 'd-c1', Rating.Good, noon, 1000);
    const c0 = (await db.cards.get('d-c0'))!;
    const c1 = (await db.cards.get('d-c1'))!;
    expect(c0.queue).toBe(Queue.Review);
    expect(c1.queue).toBe(Queue.Learning);

    // Right away: nothing due yet, so the next new card.
    expect((await nextCard(db, 'd', noon + MIN, settings))!.id).toBe('d-c2');
    // When the review is due (on its day) and the learning card is due: learning first.
    const both = Math.max(c0.due, c1.due) + MIN;
    expect((await nextCard(db, 'd', both, settings))!.id).toBe('d-c1');
    await recordAnswer(db, scheduler, 'd-c1', Rating.Easy, both, 1000);
    // c1 graduated to a later review; the due review c0 comes before new cards.
    expect((await nextCard(db, 'd', both + MIN, settings))!.id).toBe('d-c0');
  });

  it('shows learning cards early (learn-ahead) only when nothing else is left', async () => {
    const db = await seededDb('d', 1, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000); // due in 10m
    expect((await nextCard(db, 'd', noon + MIN, settings))!.id).toBe('d-c0');
    expect(await nextCard(db, 'd', noon + MIN, { ...settings, learnAheadMinutes: 0 })).toBeNull();
    expect(await nextDueTime(db, 'd', noon + MIN, settings)).toBe(noon + 10 * MIN);
  });

  it('honours the daily review limit', async () => {
    const db = await seededDb('d', 6, noon);
    for (let i = 0; i < 6; i++) await recordAnswer(db, scheduler, `d-c${i}`, Rating.Easy, noon, 1000);
    const later = Math.max(...(await db.cards.toArray()).map((c) => c.due)) + MIN;
    const limited = { ...settings, reviewsPerDay: 4 };
    expect((await deckCounts(db, 'd', later, limited)).reviewCount).toBe(4);
    for (let i = 0; i < 4; i++) {
      const card = (await nextCard(db, 'd', later + i, limited))!;
      expect(card.queue).toBe(Queue.Review);
      await recordAnswer(db, scheduler, card.id, Rating.Good, later + i, 1000);
    }
    expect(await nextCard(db, 'd', later + 10, limited)).toBeNull();
    expect((await deckCounts(db, 'd', later + 10, limited)).reviewCount).toBe(0);
  });

  it('counts reviews due later today, not only those due this minute', async () => {
    const db = await seededDb('d', 1, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Easy, noon, 1000);
    const due = (await db.cards.get('d-c0'))!.due;
    // At 04:00 of the due day the card already counts as due today.
    const dueDay = new Date(due);
    const morning = new Date(dueDay.getFullYear(), dueDay.getMonth(), dueDay.getDate(), 4, 1).getTime();
    const c = await deckCounts(db, 'd', Math.min(morning, due), settings);
    expect(c.reviewCount).toBe(1);
  });

  it('never offers suspended or retired cards', async () => {
    const db = await seededDb('d', 2, noon);
    await fixtureWrite(db, () => db.cards.update('d-c0', { suspended: true, queue: Queue.Suspended }));
    await fixtureWrite(db, () => db.cards.update('d-c1', { retired: true, queue: Queue.Retired }));
    expect(await nextCard(db, 'd', noon, settings)).toBeNull();
    expect((await deckCounts(db, 'd', noon, settings)).newCount).toBe(0);
  });

  it('keeps decks apart', async () => {
    const db = await seededDb('a', 3, noon);
    const { syncBuiltinDeck } = await import('../../src/lib/decks/sync');
    const { makeDeck } = await import('./db-helpers');
    await syncBuiltinDeck(db, makeDeck('b', 2), 1, noon);
    await recordAnswer(db, scheduler, 'a-c0', Rating.Good, noon, 1000);
    expect((await deckCounts(db, 'b', noon, settings)).answeredToday).toBe(0);
    expect((await nextCard(db, 'b', noon, settings))!.deckId).toBe('b');
  });
});

describe('review ahead', () => {
  it('offers cards due within the window regardless of limits, soonest first', async () => {
    const { nextCardAhead } = await import('../../src/lib/srs/queue');
    const db = await seededDb('d', 3, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Easy, noon, 1000);
    await recordAnswer(db, scheduler, 'd-c1', Rating.Good, noon, 1000);
    const c0 = (await db.cards.get('d-c0'))!;
    expect(await nextCardAhead(db, 'd', noon + 60_000)).toBeNull();
    expect((await nextCardAhead(db, 'd', noon + 11 * MIN))!.id).toBe('d-c1');
    await recordAnswer(db, scheduler, 'd-c1', Rating.Easy, noon + 11 * MIN, 1000);
    const c1 = (await db.cards.get('d-c1'))!;
    const first = c0.due <= c1.due ? 'd-c0' : 'd-c1';
    expect((await nextCardAhead(db, 'd', Math.max(c0.due, c1.due) + 1))!.id).toBe(first);
    // New cards are never part of review ahead.
    expect((await nextCardAhead(db, 'd', noon + 400 * DAY))!.queue).toBe(Queue.Review);
  });
});
