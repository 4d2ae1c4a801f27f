import Dexie from 'dexie';
import type { FSRS, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import { request, write, type Readable } from '../db/raw';
import type { CardRow, ReviewLogRow, Schedule } from '../db/schema';
import { queueFor } from './queue';
import { fromFsrsCard, pickSchedule, reviewLogRow, toFsrsCard } from './scheduler';

/**
 * Records one answer: the card's new schedule and its log row are written in one
 * transaction, so a crash or reload can never keep one without the other.
 */
export async function recordAnswer(db: Readable, scheduler: FSRS, cardId: string, grade: Grade, now: number, durationMs: number): Promise<ReviewLogRow> {
  return (await recordAnswerThen(db, scheduler, { cardId, grade, now, durationMs }, async () => undefined)).log;
}

export interface Answer {
  cardId: string;
  grade: Grade;
  now: number;
  durationMs: number;
  /** The card as shown: its new schedule is computed while the stored row is read, and used if that row's schedule is the same. */
  shown?: CardRow;
  /**
   * The log row's id, fixed by the first attempt when an answer is written again later
   * (pending-answers.ts): if that row exists the answer is already recorded and nothing is written.
   */
  logId?: string;
}

/**
 * Records one answer and then runs `then` in the same transaction, so its reads see the
 * answer: the study screen reads the next card there instead of waiting for a second
 * transaction. Resolves once everything is committed.
 */
export function recordAnswerThen<T>(db: Readable, scheduler: FSRS, answer: Answer, then: (tx: IDBTransaction) => Promise<T>): Promise<{ log: ReviewLogRow; then: T }> {
  const { cardId, grade, now } = answer;
  const schedule = (card: CardRow) => {
    const before = pickSchedule(card);
    return { before, ...scheduler.next(toFsrsCard(before), new Date(now), grade) };
  };
  return write(db, ['cards', 'reviewLogs'], async (tx) => {
    const cards = tx.objectStore('cards');
    const read = request<CardRow | undefined>(cards.get(cardId));
    const guess = answer.shown ? schedule(answer.shown) : null;
    const existing = answer.logId ? request<ReviewLogRow | undefined>(tx.objectStore('reviewLogs').get(answer.logId)) : undefined;
    const card = await read;
    const written = await existing;
    if (written) return { log: written, then: await then(tx) };
    if (!card) throw new Error(`card ${cardId} does not exist`);
    // The stored row is the truth (another tab may have answered or rescheduled it).
    const { before, card: next, log } = guess && sameSchedule(guess.before, card) ? guess : schedule(card);
    const after = fromFsrsCard(next);
    const row = reviewLogRow({ cardId, deckId: card.deckId, grade, now, duration: Math.max(0, Math.round(answer.durationMs)), before, id: answer.logId }, log);
    // One put of the row already read; add() so an existing log row is never overwritten.
    cards.put({ ...card, ...after, queue: queueFor(after, card) });
    await request(tx.objectStore('reviewLogs').add(row));
    return { log: row, then: await then(tx) };
  });
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return (Object.keys(a) as (keyof Schedule)[]).every((key) => a[key] === b[key]);
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
