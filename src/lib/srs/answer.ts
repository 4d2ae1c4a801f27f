import Dexie from 'dexie';
import type { FSRS, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import { transactRaw } from '../db/gateway-raw';
import { request, type Readable, type ReadTx } from '../db/raw';
import type { CardRow, ReviewLogRow } from '../db/schema';
import { LogIndex, Store } from '../db/stores';
import { changeSince, type CardChange } from './card-change';
import { fromFsrsCard, pickSchedule, reviewLogRow, toFsrsCard } from './scheduler';

/**
 * Records one answer: the card's new schedule and its log row are written in one
 * transaction, so a crash or reload can never keep one without the other.
 */
export async function recordAnswer(db: Readable, scheduler: FSRS, cardId: string, grade: Grade, now: number, durationMs: number): Promise<ReviewLogRow> {
  const { log } = await recordAnswerThen(db, scheduler, { cardId, grade, now, durationMs }, async () => undefined);
  if (!log) throw new Error(`card ${cardId} was not answered`); // only an answer with `shown` can be refused
  return log;
}

export interface Answer {
  cardId: string;
  grade: Grade;
  now: number;
  durationMs: number;
  /**
   * The card as the screen showed it. When given, the answer is written only if the stored card
   * is still this one (another tab may have answered, undone, suspended or deleted it since).
   */
  shown?: CardRow;
  /**
   * The log row's id, fixed by the first attempt when an answer is written again later
   * (pending-answers.ts): if that row exists the answer is already recorded and nothing is written.
   */
  logId?: string;
}

/** What became of an answer: written (`log`), or refused because the card changed since it was shown (`stale`); `next` is what `then` returned. */
export type AnswerOutcome<T> = { log: ReviewLogRow; stale: null; next: T } | { log: null; stale: Exclude<CardChange, null>; next: T };

/** A deck's rows recorded on this device, in the order they were recorded (rows without `seq` are not in the index). */
const recordedIn = (deckId: string) => IDBKeyRange.bound([deckId, -Infinity], [deckId, Infinity]);

/** The `seq` of the last answer recorded in a deck on this device, 0 when none: one key read from the index's end. */
function lastSeq(tx: ReadTx, deckId: string): Promise<number> {
  const cursor = tx.objectStore(Store.reviewLogs).index(LogIndex.deckSeq).openKeyCursor(recordedIn(deckId), 'prev');
  return request(cursor).then((c) => (c ? (c.key as [string, number])[1] : 0));
}

/**
 * Records one answer and then runs `then` in the same transaction, so its reads see the
 * answer: the study screen reads the next card there instead of waiting for a second
 * transaction. Resolves once everything is committed.
 *
 * A card is never graded twice from a stale view: the check that the stored card is the one
 * shown and the write are in one read-write transaction, which IndexedDB runs after (or
 * before) any other tab's, never interleaved. A stale answer writes nothing; `then` still runs.
 */
export async function recordAnswerThen<T>(db: Readable, scheduler: FSRS, answer: Answer, then: (tx: ReadTx) => Promise<T>): Promise<AnswerOutcome<T>> {
  const { cardId, grade, now, shown } = answer;
  const schedule = (card: CardRow) => {
    const before = pickSchedule(card);
    return { before, ...scheduler.next(toFsrsCard(before), new Date(now), grade) };
  };
  return transactRaw(db, [Store.cards, Store.reviewLogs], async (w, tx): Promise<AnswerOutcome<T>> => {
    const read = request<CardRow | undefined>(tx.objectStore(Store.cards).get(cardId));
    // Computed from the card on screen while the row is read: it is the stored one unless stale.
    const guess = shown ? schedule(shown) : null;
    const existing = answer.logId ? request<ReviewLogRow | undefined>(tx.objectStore(Store.reviewLogs).get(answer.logId)) : undefined;
    // The deck's last seq, read beside the card when the screen names its deck (no extra round trip).
    const last = shown ? lastSeq(tx, shown.deckId) : undefined;
    const card = await read;
    // A kept answer written again (pending-answers.ts) whose row is already there: nothing to do.
    const written = await existing;
    if (written) return { log: written, stale: null, next: await then(tx) };
    const stale = shown ? changeSince(shown, card) : null;
    if (stale) return { log: null, stale, next: await then(tx) };
    if (!card) throw new Error(`card ${cardId} does not exist`);
    const { before, card: next, log } = guess ?? schedule(card);
    const after = fromFsrsCard(next);
    // Numbered in this transaction, so two answers (two tabs) never get the same seq.
    const seq = 1 + (await (last && card.deckId === shown?.deckId ? last : lastSeq(tx, card.deckId)));
    const row: ReviewLogRow = {
      ...reviewLogRow({ cardId, deckId: card.deckId, grade, now, duration: Math.max(0, Math.round(answer.durationMs)), before, id: answer.logId }, log),
      seq
    };
    // One put of the row already read; addLog so an existing log row is never overwritten.
    await Promise.all([w.putCardSchedules([{ ...card, ...after }]), w.addLog(row)]);
    return { log: row, stale: null, next: await then(tx) };
  });
}

/**
 * The answer recorded last on this device in a deck (highest `seq`), if any: by order of
 * recording, not by review time, which a clock change or two answers in one millisecond confuse.
 * Rows restored or merged from a backup have no `seq` and are never returned.
 */
export function latestAnswer(db: FlashcardDatabase, deckId: string): Promise<ReviewLogRow | undefined> {
  return db.reviewLogs.where(LogIndex.deckSeq).between([deckId, Dexie.minKey], [deckId, Dexie.maxKey]).last();
}

/**
 * Reverts the answer recorded last on this device in a deck (latestAnswer) exactly: the card gets
 * back the schedule it had before, and that one log row is removed. Returns the card, or null
 * when there is nothing to undo.
 */
export async function undoLastAnswer(db: FlashcardDatabase, deckId: string): Promise<CardRow | null> {
  return transact(db, [Store.cards, Store.reviewLogs], async (w) => {
    const log = await latestAnswer(db, deckId);
    if (!log) return null;
    const card = await db.cards.get(log.cardId);
    await w.deleteLog(log);
    if (!card) return null;
    return (await w.putCardSchedules([{ ...card, ...log.before }]))[0];
  });
}
