import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { FlashcardDatabase } from '../../src/lib/db/database';
import type { ReadTx } from '../../src/lib/db/raw';
import type { CardRow } from '../../src/lib/db/schema';
import { setSuspended } from '../../src/lib/cards/actions';
import { recordAnswerThen, undoLastAnswer, type Answer } from '../../src/lib/srs/answer';
import { todaysQueueIn } from '../../src/lib/srs/queue';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { seededDb, fixtureWrite } from './db-helpers';

// Two tabs are two connections to one database, each answering the card it showed.
const noon = new Date(2026, 0, 10, 12).getTime();
const scheduler = createScheduler(DEFAULT_SETTINGS);
const answerOf = (shown: CardRow, now = noon): Answer => ({ cardId: shown.id, grade: Rating.Good, now, durationMs: 1000, shown });
const nextCard = (tx: ReadTx) => todaysQueueIn(tx, 'd', noon + 2000, DEFAULT_SETTINGS);

describe('an answer from a stale view', () => {
  it('writes nothing when another tab answered the card since it was shown, and still reads the next card', async () => {
    const tabA = await seededDb('d', 3, noon);
    const tabB = new FlashcardDatabase(tabA.name);
    const shown = (await tabB.cards.get('d-c0'))!; // both tabs show d-c0
    await recordAnswerThen(tabA, scheduler, answerOf(shown), nextCard);
    const afterA = await tabA.cards.get('d-c0');

    const second = await recordAnswerThen(tabB, scheduler, answerOf(shown, noon + 1000), nextCard);
    expect(await tabA.reviewLogs.count()).toBe(1);
    expect(await tabA.cards.get('d-c0')).toEqual(afterA);
    expect(second).toMatchObject({ log: null, stale: 'answered' });
    expect(second.next.card?.id).toBe('d-c1');
    expect(second.next.counts).toEqual({ newCount: 2, learningCount: 1, reviewCount: 0, answeredToday: 1 });
  });

  it('two tabs grading the same card at the same moment write one review', async () => {
    const tabA = await seededDb('d', 2, noon);
    const tabB = new FlashcardDatabase(tabA.name);
    const shown = (await tabA.cards.get('d-c0'))!;
    const outcomes = await Promise.all([
      recordAnswerThen(tabA, scheduler, answerOf(shown), nextCard),
      recordAnswerThen(tabB, scheduler, answerOf(shown), nextCard)
    ]);
    expect(await tabA.reviewLogs.count()).toBe(1);
    expect((await tabA.cards.get('d-c0'))!.reps).toBe(1);
    expect(outcomes.map((o) => o.stale).sort()).toEqual(['answered', null]);
  });

  it('writes nothing for a card suspended, deleted or undone in another tab', async () => {
    const db = await seededDb('d', 3, noon);

    const answer = (shown: CardRow, now = noon) => recordAnswerThen(db, scheduler, answerOf(shown, now), async () => undefined).catch((e: Error) => e.message);

    const suspended = (await db.cards.get('d-c0'))!;
    await setSuspended(db, ['d-c0'], true);
    const toSuspended = await answer(suspended);

    const deleted = (await db.cards.get('d-c1'))!;
    await fixtureWrite(db, () => db.cards.delete('d-c1'));
    const toDeleted = await answer(deleted);

    await answer((await db.cards.get('d-c2'))!);
    const answered = (await db.cards.get('d-c2'))!;
    await undoLastAnswer(db, 'd'); // undone elsewhere: the card is new again
    const toUndone = await answer(answered, noon + 60_000);

    expect(await db.reviewLogs.count()).toBe(0);
    expect((await db.cards.get('d-c0'))!.reps).toBe(0);
    expect((await db.cards.get('d-c2'))!.reps).toBe(0);
    expect(toSuspended).toMatchObject({ log: null, stale: 'gone' });
    expect(toDeleted).toMatchObject({ log: null, stale: 'gone' });
    expect(toUndone).toMatchObject({ log: null, stale: 'changed' });
  });

  it('an edit of the text elsewhere does not make the card stale', async () => {
    const db = await seededDb('d', 1, noon);
    const shown = (await db.cards.get('d-c0'))!;
    await fixtureWrite(db, () => db.cards.update('d-c0', { front: 'Edited', updatedAt: noon + 5 }));
    const outcome = await recordAnswerThen(db, scheduler, answerOf(shown), async () => undefined);
    expect(await db.cards.get('d-c0')).toMatchObject({ front: 'Edited', reps: 1 });
    expect(outcome.log).not.toBeNull();
  });
});
