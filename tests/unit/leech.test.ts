import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { withDerivedColumns, type CardInput } from '../../src/lib/db/derive';
import { CardState, Queue, type CardRow } from '../../src/lib/db/schema';
import { recordAnswer, recordAnswerThen, undoLastAnswer } from '../../src/lib/srs/answer';
import { answerLeeched, LEECH_TAG, leechThresholdMet } from '../../src/lib/srs/leech';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { cardRow } from './card-rows';
import { fixtureWrite, freshDb } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();
const DAY = 86_400_000;
const scheduler = createScheduler(DEFAULT_SETTINGS);

/** A card in review, due now, with `lapses` lapses behind it. */
function reviewCard(id: string, lapses: number, extra: Partial<CardInput> = {}): CardRow {
  return withDerivedColumns(
    cardRow(id, {
      tags: ['net'],
      due: noon,
      stability: 3,
      difficulty: 7,
      scheduledDays: 3,
      reps: 20,
      lapses,
      state: CardState.Review,
      lastReview: noon - 3 * DAY,
      ...extra
    })
  );
}

async function dbWith(...cards: CardRow[]) {
  const db = freshDb();
  await fixtureWrite(db, async () => {
    await db.decks.put({ id: 'd', title: 'D', description: '', source: 'import', hash: 'h', position: 0 });
    await db.cards.bulkPut(cards);
  });
  return db;
}

describe("Anki's leech threshold", () => {
  it('is met at the threshold and every half threshold after it (8, 12, 16, … with the default 8)', () => {
    const met = Array.from({ length: 30 }, (_, lapses) => lapses).filter((n) => leechThresholdMet(n, 8));
    expect(met).toEqual([8, 12, 16, 20, 24, 28]);
    expect(DEFAULT_SETTINGS.leechThreshold).toBe(8);
  });

  it('rounds half an odd threshold up, and a threshold of 0 turns leeches off', () => {
    expect(Array.from({ length: 16 }, (_, n) => n).filter((n) => leechThresholdMet(n, 5))).toEqual([5, 8, 11, 14]);
    expect(Array.from({ length: 5 }, (_, n) => n).filter((n) => leechThresholdMet(n, 1))).toEqual([1, 2, 3, 4]);
    expect(Array.from({ length: 40 }, (_, n) => n).some((n) => leechThresholdMet(n, 0))).toBe(false);
  });

  it('counts only lapses: Again on a card in review, not Again while relearning', () => {
    const before = reviewCard('c', 7);
    expect(answerLeeched(before, { ...before, lapses: 8, state: CardState.Relearning }, 8)).toBe(true);
    expect(answerLeeched({ ...before, state: CardState.Relearning }, { ...before, lapses: 8, state: CardState.Relearning }, 8)).toBe(false);
  });
});

describe('a lapse that makes a leech', () => {
  it('tags the card leech in the answer itself (tag only by default, as Anki), and undo takes the tag back', async () => {
    expect(DEFAULT_SETTINGS.leechAction).toBe('tag');
    const db = await dbWith(reviewCard('c', 7));
    const { log, effects } = await recordAnswerThen(db, scheduler, { cardId: 'c', grade: Rating.Again, now: noon, durationMs: 1000 }, async () => null);
    const card = (await db.cards.get('c'))!;
    expect(card.lapses).toBe(8);
    expect(card.tags).toEqual(['net', LEECH_TAG]);
    expect(card.suspended).toBe(false);
    expect(card.queue).toBe(Queue.Learning);
    expect(log!.caused).toEqual({ tagged: [LEECH_TAG] });
    expect(effects).toEqual({ leech: { lapses: 8, suspended: false }, buried: [] });

    await undoLastAnswer(db, 'd');
    expect(await db.cards.get('c')).toEqual(reviewCard('c', 7));
    expect(await db.reviewLogs.count()).toBe(0);
  });

  it('suspends it too with the leech action "suspend"; undo unsuspends it', async () => {
    const db = await dbWith(reviewCard('c', 7));
    const rules = { ...DEFAULT_SETTINGS, leechAction: 'suspend' as const };
    const { log } = await recordAnswerThen(db, scheduler, { cardId: 'c', grade: Rating.Again, now: noon, durationMs: 1000, rules }, async () => null);
    expect(await db.cards.get('c')).toMatchObject({ tags: ['net', LEECH_TAG], suspended: true, queue: Queue.Suspended, lapses: 8 });
    expect(log!.caused).toEqual({ tagged: [LEECH_TAG], suspended: true });
    await undoLastAnswer(db, 'd');
    expect(await db.cards.get('c')).toEqual(reviewCard('c', 7));
  });

  it('does nothing at 9, 10 or 11 lapses, and again at 12; a tag already there stays after undo', async () => {
    for (const lapses of [8, 9, 10]) {
      const db = await dbWith(reviewCard('c', lapses));
      const log = await recordAnswer(db, scheduler, 'c', Rating.Again, noon, 1000);
      expect((await db.cards.get('c'))!.tags).toEqual(['net']);
      expect(log.caused).toBeUndefined();
    }
    const db = await dbWith(reviewCard('c', 11, { tags: ['net', LEECH_TAG] }));
    const rules = { ...DEFAULT_SETTINGS, leechAction: 'suspend' as const };
    const { log, effects } = await recordAnswerThen(db, scheduler, { cardId: 'c', grade: Rating.Again, now: noon, durationMs: 1000, rules }, async () => null);
    expect(effects?.leech).toEqual({ lapses: 12, suspended: true });
    expect(log!.caused).toEqual({ suspended: true }); // the tag was there already
    await undoLastAnswer(db, 'd');
    expect(await db.cards.get('c')).toMatchObject({ tags: ['net', LEECH_TAG], suspended: false, lapses: 11 });
  });

  it('is no leech when the answer is not a lapse, or the threshold is 0', async () => {
    const db = await dbWith(reviewCard('good', 7), reviewCard('off', 7));
    await recordAnswer(db, scheduler, 'good', Rating.Good, noon, 1000);
    await recordAnswerThen(
      db,
      scheduler,
      { cardId: 'off', grade: Rating.Again, now: noon, durationMs: 1000, rules: { ...DEFAULT_SETTINGS, leechThreshold: 0 } },
      async () => null
    );
    expect((await db.cards.bulkGet(['good', 'off'])).map((c) => c!.tags)).toEqual([['net'], ['net']]);
  });
});
