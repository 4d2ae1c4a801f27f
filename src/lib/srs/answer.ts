import Dexie from 'dexie';
import type { FSRS, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import { uuidv7 } from '../db/ids';
import type { CardRow, ReviewLogRow } from '../db/schema';
import { queueFor } from './queue';
import { fromFsrsCard, pickSchedule, toFsrsCard } from './scheduler';

/**
 * Records one answer: the card's new schedule and its log row are written in one
 * transaction, so a crash or reload can never keep one without the other.
 */
export async function recordAnswer(
  db: FlashcardDatabase,
  scheduler: FSRS,
  cardId: string,
  grade: Grade,
  now: number,
  durationMs: number
): Promise<ReviewLogRow> {
  return db.transaction('rw', db.cards, db.reviewLogs, async () => {
    const card = await db.cards.get(cardId);
    if (!card) throw new Error(`card ${cardId} does not exist`);
    const before = pickSchedule(card);
    const { card: next, log } = scheduler.next(toFsrsCard(before), new Date(now), grade);
    const schedule = fromFsrsCard(next);
    const row: ReviewLogRow = {
      id: uuidv7(now),
      cardId,
      deckId: card.deckId,
      rating: grade,
      review: now,
      duration: Math.max(0, Math.round(durationMs)),
      state: log.state,
      due: log.due.getTime(),
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsed_days,
      scheduledDays: log.scheduled_days,
      learningSteps: log.learning_steps,
      before
    };
    // One put of the row already read (update() would read it again).
    await db.cards.put({ ...card, ...schedule, queue: queueFor(schedule, card) });
    await db.reviewLogs.add(row);
    return row;
  });
}

/** The most recent answer in a deck, if any. */
export function latestAnswer(db: FlashcardDatabase, deckId: string): Promise<ReviewLogRow | undefined> {
  return db.reviewLogs.where('[deckId+review]').between([deckId, Dexie.minKey], [deckId, Dexie.maxKey]).last();
}

/**
 * Reverts the latest answer in a deck exactly: the card gets back the schedule it had before,
 * and that one log row is removed. Returns the card, or null when there is nothing to undo.
 */
export async function undoLastAnswer(db: FlashcardDatabase, deckId: string): Promise<CardRow | null> {
  return db.transaction('rw', db.cards, db.reviewLogs, async () => {
    const log = await latestAnswer(db, deckId);
    if (!log) return null;
    const card = await db.cards.get(log.cardId);
    await db.reviewLogs.delete(log.id);
    if (!card) return null;
    const restored: CardRow = { ...card, ...log.before, queue: queueFor(log.before, card) };
    await db.cards.put(restored);
    return restored;
  });
}
