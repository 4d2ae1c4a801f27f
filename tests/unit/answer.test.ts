import { describe, expect, it } from 'vitest';
import { Rating, type Grade } from 'ts-fsrs';
import { recordAnswer, recordAnswerThen, undoLastAnswer } from '../../src/lib/srs/answer';
import { todaysQueueIn } from '../../src/lib/srs/queue';
import { createScheduler, fromFsrsCard, pickSchedule, toFsrsCard } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { seededDb } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();
const scheduler = createScheduler(DEFAULT_SETTINGS);

describe('recording an answer', () => {
  it('writes the new schedule and one log row together', async () => {
    const db = await seededDb('d', 3, noon);
    const log = await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 4200);
    const card = (await db.cards.get('d-c0'))!;
    expect(card).toMatchObject({ state: 1, reps: 1, queue: 1, lastReview: noon, due: noon + 10 * 60_000 });
    expect(await db.reviewLogs.toArray()).toEqual([log]);
    expect(log).toMatchObject({ cardId: 'd-c0', deckId: 'd', rating: 3, review: noon, duration: 4200, state: 0 });
    expect(log.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const db = await seededDb('d', 1, noon);
    const before = await db.cards.get('d-c0');
    // The card is put first; then the log insert fails inside the same transaction.
    const store = IDBObjectStore.prototype;
    const original = store.add;
    store.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'reviewLogs') throw new Error('disk full');
      return original.apply(this, args);
    };
    try {
      await expect(recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000)).rejects.toThrow('disk full');
    } finally {
      store.add = original;
    }
    expect(await db.cards.get('d-c0')).toEqual(before);
    expect(await db.reviewLogs.count()).toBe(0);
  });

  it('rolls the answer back when the read that follows it in the same transaction fails', async () => {
    const db = await seededDb('d', 1, noon);
    const before = await db.cards.get('d-c0');
    const failingRead = async () => {
      throw new Error('read failed');
    };
    await expect(recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 1000 }, failingRead)).rejects.toThrow(
      'read failed'
    );
    expect(await db.cards.get('d-c0')).toEqual(before);
    expect(await db.reviewLogs.count()).toBe(0);
  });

  it('the read that follows sees the answer: the next card and counts come from after it', async () => {
    const db = await seededDb('d', 3, noon);
    const { next } = await recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 1000 }, (tx) =>
      todaysQueueIn(tx, 'd', noon, DEFAULT_SETTINGS)
    );
    // d-c0 is now learning (due in 10 minutes): the next card is the next new one.
    expect(next.card?.id).toBe('d-c1');
    expect(next.counts).toEqual({ newCount: 2, learningCount: 1, reviewCount: 0, answeredToday: 1 });
  });

  it('the card as shown only saves time: its schedule, computed while the row is read, is the one written', async () => {
    const db = await seededDb('d', 1, noon);
    const shown = (await db.cards.get('d-c0'))!;
    const a = await recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 1000, shown }, async () => undefined);
    expect(a.stale).toBeNull();
    expect(a.log!.before).toEqual(pickSchedule(shown));
    const expected = fromFsrsCard(scheduler.next(toFsrsCard(pickSchedule(shown)), new Date(noon), Rating.Good).card);
    expect(pickSchedule((await db.cards.get('d-c0'))!)).toEqual(expected);
  });

  it('rejects an unknown card without writing', async () => {
    const db = await seededDb('d', 1, noon);
    await expect(recordAnswer(db, scheduler, 'nope', Rating.Good, noon, 1000)).rejects.toThrow(/does not exist/);
    expect(await db.reviewLogs.count()).toBe(0);
  });

  it('replaying a card log with ts-fsrs rebuilds the stored schedule', async () => {
    const db = await seededDb('d', 1, noon);
    let t = noon;
    for (const grade of [Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy, Rating.Hard] as Grade[]) {
      await recordAnswer(db, scheduler, 'd-c0', grade, t, 1000);
      t = (await db.cards.get('d-c0'))!.due + 3600_000;
    }
    const logs = await db.reviewLogs.where('[cardId+review]').between(['d-c0', 0], ['d-c0', Infinity]).toArray();
    const replay = scheduler.reschedule(
      toFsrsCard({ ...pickSchedule((await db.cards.get('d-c0'))!) }),
      logs.map((l) => ({ rating: l.rating as Rating.Good, review: new Date(l.review) })),
      { skipManual: true, update_memory_state: true }
    );
    const card = (await db.cards.get('d-c0'))!;
    expect(replay.collections.map((c) => fromFsrsCard(c.card)).at(-1)).toEqual(pickSchedule(card));
  });
});

describe('undo', () => {
  it('restores the exact schedule and removes only the latest log row', async () => {
    const db = await seededDb('d', 3, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000);
    const afterFirst = await db.cards.get('d-c0');
    const firstLogs = await db.reviewLogs.toArray();
    await recordAnswer(db, scheduler, 'd-c0', Rating.Again, noon + 700_000, 1000);
    await recordAnswer(db, scheduler, 'd-c1', Rating.Easy, noon + 800_000, 1000);
    const c1Before = await db.cards.get('d-c1');

    const undone = await undoLastAnswer(db, 'd');
    expect(undone!.id).toBe('d-c1');
    expect(await db.cards.get('d-c1')).toEqual({
      ...c1Before,
      due: noon,
      stability: 0,
      difficulty: 0,
      scheduledDays: 0,
      learningSteps: 0,
      reps: 0,
      lapses: 0,
      state: 0,
      lastReview: null,
      queue: 0
    });
    expect(await db.reviewLogs.count()).toBe(2);

    await undoLastAnswer(db, 'd');
    expect(await db.cards.get('d-c0')).toEqual(afterFirst);
    expect(await db.reviewLogs.toArray()).toEqual(firstLogs);
  });

  it('returns null when there is nothing to undo', async () => {
    const db = await seededDb('d', 1, noon);
    expect(await undoLastAnswer(db, 'd')).toBeNull();
  });

  it('undoes only within the given deck', async () => {
    const db = await seededDb('a', 1, noon);
    const { syncBuiltinDeck } = await import('../../src/lib/decks/sync');
    const { makeDeck } = await import('./db-helpers');
    await syncBuiltinDeck(db, makeDeck('b', 1), 1, noon);
    await recordAnswer(db, scheduler, 'a-c0', Rating.Good, noon, 1000);
    await recordAnswer(db, scheduler, 'b-c0', Rating.Good, noon + 1, 1000);
    expect((await undoLastAnswer(db, 'a'))!.id).toBe('a-c0');
    expect((await db.reviewLogs.toArray()).map((l) => l.cardId)).toEqual(['b-c0']);
  });
});
