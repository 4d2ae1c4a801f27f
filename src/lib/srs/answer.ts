import Dexie from 'dexie';
import type { FSRS, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import { transactRaw } from '../db/gateway-raw';
import { request, type Readable, type ReadTx } from '../db/raw';
import type { CardRow, ReviewLogRow, Schedule } from '../db/schema';
import { CardIndex, LogIndex, Store } from '../db/stores';
import { answerWrites, undoCaused, type AnswerRules, type AnswerWrites } from './answer-effects';
import { changeSince, type CardChange } from './card-change';
import { nextStudyDayStart } from './day';
import { DEFAULT_SETTINGS } from './settings';
import { anyBurying } from './siblings';
import { fromFsrsCard, pickSchedule, reviewLogRow } from './scheduler';
import { answerCard, LoadBalancedFSRS } from './balance/balanced-scheduler';

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
  /** Leech and sibling-burying settings (answer-effects.ts); Anki's defaults when not given. */
  rules?: AnswerRules;
  /** The hour the study day starts (siblings are buried until the next one); the default settings' when not given. */
  rolloverHour?: number;
}

/** What an answer did besides its schedule and log: the leech it made, the siblings it buried (rows as they were). */
export interface AnswerSideEffects {
  leech: AnswerWrites['leech'];
  buried: CardRow[];
}

/** What became of an answer: written (`log`), or refused because the card changed since it was shown (`stale`); `next` is what `then` returned. */
export type AnswerOutcome<T> =
  { log: ReviewLogRow; stale: null; next: T; effects: AnswerSideEffects } | { log: null; stale: Exclude<CardChange, null>; next: T; effects: null };

const NO_EFFECTS: AnswerSideEffects = { leech: null, buried: [] };

/** A note's cards (the answered card among them), read through the noteId index. */
function siblingsOf(tx: ReadTx, noteId: string | undefined, rules: AnswerRules): Promise<CardRow[]> {
  if (!noteId || !anyBurying(rules)) return Promise.resolve([]);
  return request<CardRow[]>(tx.objectStore(Store.cards).index(CardIndex.noteId).getAll(noteId));
}

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
 * transaction. `then` starts as soon as the writes are placed, not once they are done:
 * IndexedDB runs a transaction's requests in order, so the next card is read without waiting a
 * round trip for the writes. Resolves once everything is
 * committed.
 *
 * A card is never graded twice from a stale view: the check that the stored card is the one
 * shown and the write are in one read-write transaction, which IndexedDB runs after (or
 * before) any other tab's, never interleaved. A stale answer writes nothing; `then` still runs.
 */
export async function recordAnswerThen<T>(db: Readable, scheduler: FSRS, answer: Answer, then: (tx: ReadTx) => Promise<T>): Promise<AnswerOutcome<T>> {
  const { cardId, grade, now, shown } = answer;
  const rules = answer.rules ?? DEFAULT_SETTINGS;
  const schedule = (card: CardRow) => {
    const before = pickSchedule(card);
    return { before, ...answerCard(scheduler, before, now, grade) };
  };
  // The card as it was and as it is now, once written: the load balancer's day counts follow it.
  let moved: { from: CardRow; to: Schedule } | null = null;
  const outcome = await transactRaw(db, [Store.cards, Store.reviewLogs], async (w, tx): Promise<AnswerOutcome<T>> => {
    const read = request<CardRow | undefined>(tx.objectStore(Store.cards).get(cardId));
    // Computed from the card on screen while the row is read: it is the stored one unless stale.
    const guess = shown ? schedule(shown) : null;
    const existing = answer.logId ? request<ReviewLogRow | undefined>(tx.objectStore(Store.reviewLogs).get(answer.logId)) : undefined;
    // The deck's last seq, read beside the card when the screen names its deck (no extra round trip).
    const last = shown ? lastSeq(tx, shown.deckId) : undefined;
    // Its siblings likewise, when the card on screen has a note and burying is on.
    const siblingsShown = shown ? siblingsOf(tx, shown.noteId, rules) : undefined;
    const card = await read;
    // A kept answer written again (pending-answers.ts) whose row is already there: nothing to do.
    const written = await existing;
    if (written) return { log: written, stale: null, next: await then(tx), effects: NO_EFFECTS };
    const stale = shown ? changeSince(shown, card) : null;
    if (stale) return { log: null, stale, next: await then(tx), effects: null };
    if (!card) throw new Error(`card ${cardId} does not exist`);
    const { before, card: next, log, loadBalanced } = guess ?? schedule(card);
    const after = fromFsrsCard(next);
    const siblings = await (siblingsShown && card.noteId === shown?.noteId ? siblingsShown : siblingsOf(tx, card.noteId, rules));
    // The leech tag or suspension, and the siblings buried until the next study day (answer-effects.ts).
    const writes = answerWrites(card, after, siblings, rules, nextStudyDayStart(now, answer.rolloverHour ?? DEFAULT_SETTINGS.rolloverHour));
    // Numbered in this transaction, so two answers (two tabs) never get the same seq.
    const seq = 1 + (await (last && card.deckId === shown?.deckId ? last : lastSeq(tx, card.deckId)));
    const row: ReviewLogRow = {
      ...reviewLogRow(
        { cardId, deckId: card.deckId, grade, now, duration: Math.max(0, Math.round(answer.durationMs)), before, id: answer.logId, loadBalanced },
        log
      ),
      seq,
      ...(writes.caused ? { caused: writes.caused } : {})
    };
    // One put of the row already read; addLog so an existing log row is never overwritten.
    // Leech tags change what search finds: the word index is kept then (putCards); a plain answer changes only the schedule.
    const writing = Promise.all([writes.caused ? w.putCards([writes.card, ...writes.buried]) : w.putCardSchedules([writes.card]), w.addLog(row)]);
    // The writes are placed already (raw requests, issued on the call), so these reads come after them.
    const reading = then(tx);
    reading.catch(() => undefined); // a failed write fails the transaction, and its reads with it: the write's error is the one reported
    await writing;
    moved = { from: card, to: after };
    const buried = siblings.filter((s) => writes.caused?.buried?.includes(s.id));
    return { log: row, stale: null, next: await reading, effects: { leech: writes.leech, buried } };
  });
  // Committed (transactRaw resolves after the commit): the balancer's day counts follow the card.
  const m = moved as { from: CardRow; to: Schedule } | null;
  if (m && scheduler instanceof LoadBalancedFSRS) scheduler.noteAnswer(m.from, m.to);
  return outcome;
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
 * back the schedule it had before, the leech tag or suspension the answer caused is taken back and
 * the siblings it buried come back (log.caused), and that one log row is removed. Returns the
 * card, or null when there is nothing to undo.
 */
export async function undoLastAnswer(db: FlashcardDatabase, deckId: string): Promise<CardRow | null> {
  return transact(db, [Store.cards, Store.reviewLogs], async (w) => {
    const log = await latestAnswer(db, deckId);
    if (!log) return null;
    const [card, siblings] = await Promise.all([db.cards.get(log.cardId), log.caused?.buried ? db.cards.bulkGet(log.caused.buried) : []]);
    await w.deleteLog(log);
    if (!card) return null;
    if (!log.caused) return (await w.putCardSchedules([{ ...card, ...log.before }]))[0];
    const { card: reverted, unburied } = undoCaused({ ...card, ...log.before }, log.caused, siblings);
    const [row] = await w.putCards([reverted, ...unburied]);
    return row;
  });
}
