import { default_w, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import type { FlashcardDatabase } from '../../src/lib/db/database';
import type { CardRow } from '../../src/lib/db/schema';
import { applyWeights, finishPending, loadUndo, PENDING_KEY, reschedulePending, revertWeights } from '../../src/lib/optimizer/apply';
import { loadHistory } from '../../src/lib/optimizer/load';
import { simulate } from '../../src/lib/optimizer/simulate';
import { withDerivedColumns } from '../../src/lib/db/derive';
import { createScheduler, fromFsrsCard, pickSchedule, toFsrsCard } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { loadSettings } from '../../src/lib/srs/settings-store';
import { seededDb, fixtureWrite } from './db-helpers';

const T0 = new Date(2026, 0, 10, 9).getTime();
const NEW_WEIGHTS = [0.5, 1.1, 4.2, 15, 6.1, 0.7, 2.1, 0.01, 1.3, 0.2, 1.0, 1.6, 0.07, 0.3, 1.7, 0.5, 2.0, 0.5, 0.2, 0.08, 0.3];

/**
 * A deck of `cards` cards, `studied` of them answered for a few months by a simulated learner
 * through the app's default scheduler (the same `scheduler.next` calls recordAnswer makes).
 */
async function studiedDb(cards = 260, studied = 250): Promise<FlashcardDatabase> {
  const db = await seededDb('d', cards, T0);
  const simulated = simulate({
    weights: [...default_w],
    cardIds: Array.from({ length: studied }, (_, i) => `d-c${i}`),
    deckId: 'd',
    start: T0,
    days: 90,
    seed: 3
  });
  await fixtureWrite(db, async () => {
    for (const { cardId, logs, schedule } of simulated) {
      await db.reviewLogs.bulkAdd(logs);
      const card = (await db.cards.get(cardId))!;
      await db.cards.put(withDerivedColumns({ ...card, ...schedule }));
    }
  });
  return db;
}

const content = ({ id, deckId, ord, front, back, tags, createdAt, updatedAt, suspended, retired }: CardRow) => ({
  id,
  deckId,
  ord,
  front,
  back,
  tags,
  createdAt,
  updatedAt,
  suspended,
  retired
});

describe('applying personal parameters', { timeout: 20_000 }, () => {
  it('saves the weights, reschedules studied cards by replaying their logs, never touches the logs, and undoes exactly', async () => {
    const db = await studiedDb();
    const logsBefore = await db.reviewLogs.orderBy('id').toArray();
    const cardsBefore = await db.cards.orderBy('id').toArray();
    const progress: [number, number][] = [];

    const report = await applyWeights(db, NEW_WEIGHTS, (d, t) => progress.push([d, t]), T0 + 1);

    expect((await loadSettings(db)).weights).toEqual(NEW_WEIGHTS);
    expect(await loadUndo(db)).toEqual({ previousWeights: null, appliedWeights: NEW_WEIGHTS, appliedAt: T0 + 1 });
    expect(await reschedulePending(db)).toBe(false);
    expect(await db.reviewLogs.orderBy('id').toArray()).toEqual(logsBefore);
    expect(report.replayed).toBe(250);
    expect(report.skipped).toBe(0);
    expect(report.changed).toBeGreaterThan(200);
    // Two batches of 200 cards, progress to the end.
    expect(progress.at(-1)).toEqual([260, 260]);
    expect(progress.length).toBeGreaterThanOrEqual(3);

    const cardsAfter = await db.cards.orderBy('id').toArray();
    const newScheduler = createScheduler({ ...DEFAULT_SETTINGS, weights: NEW_WEIGHTS });
    for (const [i, card] of cardsAfter.entries()) {
      expect(content(card)).toEqual(content(cardsBefore[i]));
      const logs = logsBefore.filter((l) => l.cardId === card.id).sort((a, b) => a.review - b.review);
      if (logs.length === 0) {
        expect(card).toEqual(cardsBefore[i]); // never studied: untouched
        continue;
      }
      // Independently: answer the same grades at the same times with the new scheduler.
      let expected = toFsrsCard({
        ...pickSchedule(cardsBefore[i]),
        due: logs[0].review,
        stability: 0,
        difficulty: 0,
        scheduledDays: 0,
        learningSteps: 0,
        reps: 0,
        lapses: 0,
        state: 0,
        lastReview: null
      });
      for (const log of logs) expected = newScheduler.next(expected, new Date(log.review), log.rating as Grade).card;
      expect(pickSchedule(card)).toEqual(fromFsrsCard(expected));
    }

    // Undo: defaults again, and every card's schedule is exactly what studying produced.
    await revertWeights(db, undefined, T0 + 2);
    expect((await loadSettings(db)).weights).toBeNull();
    expect(await loadUndo(db)).toBeNull();
    expect(await db.cards.orderBy('id').toArray()).toEqual(cardsBefore);
    expect(await db.reviewLogs.orderBy('id').toArray()).toEqual(logsBefore);
    await expect(revertWeights(db)).rejects.toThrow('nothing to undo');
  });

  it('keeps the weights that were in use for undo when applying over personal ones', async () => {
    const db = await studiedDb(60, 55);
    await applyWeights(db, NEW_WEIGHTS);
    const second = NEW_WEIGHTS.map((w, i) => (i === 8 ? w + 0.2 : w));
    await applyWeights(db, second);
    expect((await loadUndo(db))?.previousWeights).toEqual(NEW_WEIGHTS);
    await revertWeights(db);
    expect((await loadSettings(db)).weights).toEqual(NEW_WEIGHTS);
  });

  it('rejects malformed weights without changing anything', async () => {
    const db = await studiedDb(60, 55);
    const cards = await db.cards.toArray();
    await expect(applyWeights(db, [...default_w].slice(0, 19))).rejects.toThrow(/21 finite numbers/);
    await expect(applyWeights(db, [...NEW_WEIGHTS.slice(0, 20), NaN])).rejects.toThrow(/21 finite numbers/);
    expect((await loadSettings(db)).weights).toBeNull();
    expect(await loadUndo(db)).toBeNull();
    expect(await db.cards.toArray()).toEqual(cards);
  });

  it('leaves a card alone when its schedule does not come from its log', async () => {
    const db = await studiedDb(60, 55);
    await fixtureWrite(db, () => db.cards.update('d-c3', { lastReview: T0 - 1, due: T0 + 99 }));
    const odd = await db.cards.get('d-c3');
    const report = await applyWeights(db, NEW_WEIGHTS);
    expect(report.skipped).toBe(1);
    expect(await db.cards.get('d-c3')).toEqual(odd);
  });

  it('finishes an interrupted reschedule with the weights in settings', async () => {
    const db = await studiedDb(60, 55);
    const before = await db.cards.toArray();
    // As if the tab closed right after the weights were saved.
    await fixtureWrite(db, () => db.settings.put({ key: 'study', value: { ...DEFAULT_SETTINGS, weights: NEW_WEIGHTS } }));
    await fixtureWrite(db, () => db.settings.put({ key: PENDING_KEY, value: { since: T0 } }));
    expect(await reschedulePending(db)).toBe(true);
    const report = await finishPending(db);
    expect(report.changed).toBeGreaterThan(40);
    expect(await reschedulePending(db)).toBe(false);
    expect(await db.cards.toArray()).not.toEqual(before);
  });

  it('loads the review log as histories (read only)', async () => {
    const db = await studiedDb(60, 55);
    const logs = await db.reviewLogs.toArray();
    const history = await loadHistory(db);
    expect(history.lengths.length).toBe(55);
    expect(history.ratings.length).toBe(logs.length);
    expect(await db.reviewLogs.toArray()).toEqual(logs);
  });
});
