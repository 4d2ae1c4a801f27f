import { first, MAX_KEY, read, request, type Readable, type ReadTx } from '../db/raw';
import { CardState, Queue, type CardRow, type QueueValue } from '../db/schema';
import { CardIndex, LogIndex, Store } from '../db/stores';
import { nextStudyDayStart, studyDayStart } from './day';
import { countsFromTally, limitsLeft, type DeckCounts, type QueueTally } from './queue-tally';
import type { StudySettings } from './settings';

const MINUTE = 60_000;

export type { DeckCounts, QueueTally } from './queue-tally';

export const cardsByDue = (tx: ReadTx) => tx.objectStore(Store.cards).index(CardIndex.deckQueueDue);

/** Cards of one deck and queue with from <= due < to. */
export const dueRange = (deckId: string, queue: QueueValue, from: number, to: number) =>
  IDBKeyRange.bound([deckId, queue, from], [deckId, queue, to], false, true);
export const wholeQueue = (deckId: string, queue: QueueValue) => IDBKeyRange.bound([deckId, queue, -Infinity], [deckId, queue, MAX_KEY]);

/** Requests counting today's answers in a deck, split by the state the card was in (New counts toward the new limit). */
export function answeredToday(tx: ReadTx, deckId: string, dayStart: number) {
  const logs = tx.objectStore(Store.reviewLogs);
  const byState = (state: number) =>
    request(logs.index(LogIndex.deckStateReview).count(IDBKeyRange.bound([deckId, state, dayStart], [deckId, state, MAX_KEY])));
  return {
    newIntroduced: byState(CardState.New),
    reviews: byState(CardState.Review),
    total: request(logs.index(LogIndex.deckReview).count(IDBKeyRange.bound([deckId, dayStart], [deckId, MAX_KEY])))
  };
}

/** The tally's requests, issued at once in `tx`; index counts only, no rows are loaded. */
async function tallyIn(
  tx: ReadTx,
  deckId: string,
  now: number,
  s: StudySettings,
  today = answeredToday(tx, deckId, studyDayStart(now, s.rolloverHour))
): Promise<QueueTally> {
  const dayStart = studyDayStart(now, s.rolloverHour);
  const dayEnd = nextStudyDayStart(now, s.rolloverHour);
  const cards = cardsByDue(tx);
  const [newIntroduced, reviews, answered, newAvailable, learningDue, reviewsDue] = await Promise.all([
    today.newIntroduced,
    today.reviews,
    today.total,
    request(cards.count(wholeQueue(deckId, Queue.New))),
    request(cards.count(dueRange(deckId, Queue.Learning, -Infinity, dayEnd))),
    request(cards.count(dueRange(deckId, Queue.Review, -Infinity, dayEnd)))
  ]);
  return { dayStart, dayEnd, answered, newIntroduced, reviews, newAvailable, learningDue, reviewsDue };
}

/** The first card of each queue the next card can come from, requested at once in `tx`. */
export interface NextCandidates {
  /** The first learning card due by the end of the learn-ahead window; due now if due <= now. */
  learning?: CardRow;
  /** The first review due today. */
  review?: CardRow;
  /** The first new card in deck order. */
  fresh?: CardRow;
}

export async function nextCandidatesIn(tx: ReadTx, deckId: string, now: number, s: StudySettings): Promise<NextCandidates> {
  const cards = cardsByDue(tx);
  const [learning, review, fresh] = await Promise.all([
    first<CardRow>(cards, dueRange(deckId, Queue.Learning, -Infinity, now + s.learnAheadMinutes * MINUTE + 1)),
    first<CardRow>(cards, dueRange(deckId, Queue.Review, -Infinity, nextStudyDayStart(now, s.rolloverHour))),
    first<CardRow>(tx.objectStore(Store.cards).index(CardIndex.deckQueueOrd), wholeQueue(deckId, Queue.New))
  ]);
  return { learning, review, fresh };
}

/**
 * The card to show next: due learning cards first, then due reviews, then new cards in deck
 * order, honouring the daily limits; finally learning cards due within the learn-ahead window.
 */
export function pickNext({ learning, review, fresh }: NextCandidates, now: number, s: StudySettings, newIntroduced: number, reviews: number): CardRow | null {
  if (learning && learning.due <= now) return learning;
  const { newLeft, reviewsLeft } = limitsLeft(s, newIntroduced, reviews);
  return (reviewsLeft > 0 ? review : undefined) ?? (newLeft > 0 ? fresh : undefined) ?? learning ?? null;
}

async function nextCardIn(
  tx: ReadTx,
  deckId: string,
  now: number,
  s: StudySettings,
  today = answeredToday(tx, deckId, studyDayStart(now, s.rolloverHour))
): Promise<CardRow | null> {
  const [candidates, newIntroduced, reviews] = await Promise.all([nextCandidatesIn(tx, deckId, now, s), today.newIntroduced, today.reviews]);
  return pickNext(candidates, now, s, newIntroduced, reviews);
}

const QUEUE_STORES = [Store.cards, Store.reviewLogs];

/** One deck's header counts: six index counts in one transaction (the deck list reads fewer: deck-list-counts.ts). */
export function deckCounts(db: Readable, deckId: string, now: number, s: StudySettings): Promise<DeckCounts> {
  return read(db, QUEUE_STORES, (tx) => tallyIn(tx, deckId, now, s)).then((t) => countsFromTally(t, s));
}

/** The header counts before limits (see QueueTally), in one transaction. */
export function deckTally(db: Readable, deckId: string, now: number, s: StudySettings): Promise<QueueTally> {
  return read(db, QUEUE_STORES, (tx) => tallyIn(tx, deckId, now, s));
}

/** The card to show next (see pickNext), every candidate and limit requested at once. */
export function nextCard(db: Readable, deckId: string, now: number, s: StudySettings): Promise<CardRow | null> {
  return read(db, QUEUE_STORES, (tx) => nextCardIn(tx, deckId, now, s));
}

export interface TodaysQueue {
  card: CardRow | null;
  counts: DeckCounts;
  /** The counts before limits, to follow later answers without counting again. */
  tally: QueueTally;
}

/** What the study screen needs, the next card and the counts, in one transaction. */
export function todaysQueue(db: Readable, deckId: string, now: number, s: StudySettings): Promise<TodaysQueue> {
  return read(db, QUEUE_STORES, (tx) => todaysQueueIn(tx, deckId, now, s));
}

/** todaysQueue's requests in a transaction over cards and reviewLogs (also a read-write one). */
export async function todaysQueueIn(tx: ReadTx, deckId: string, now: number, s: StudySettings): Promise<TodaysQueue> {
  const { card, tally: counted } = queueAndTallyIn(tx, deckId, now, s);
  const [next, tally] = await Promise.all([card, counted]);
  return { card: next, counts: countsFromTally(tally, s), tally };
}

/**
 * The next card and today's tally as two promises from one transaction's requests, issued so
 * the card comes first: IndexedDB answers a transaction's requests in the order they were made,
 * and the counts walk every key in range (tens of ms at 50k cards on disk), so the card can be
 * painted while they run.
 */
function queueAndTallyIn(tx: ReadTx, deckId: string, now: number, s: StudySettings): { card: Promise<CardRow | null>; tally: Promise<QueueTally> } {
  const candidates = nextCandidatesIn(tx, deckId, now, s);
  const today = answeredToday(tx, deckId, studyDayStart(now, s.rolloverHour));
  const card = Promise.all([candidates, today.newIntroduced, today.reviews]).then(([c, newIntroduced, reviews]) => pickNext(c, now, s, newIntroduced, reviews));
  return { card, tally: tallyIn(tx, deckId, now, s, today) };
}

/** todaysQueue with the card first (queueAndTallyIn): the study screen paints it before the counts are in. */
export async function todaysQueueCardFirst(
  db: Readable,
  deckId: string,
  now: number,
  s: StudySettings
): Promise<{ card: CardRow | null; tally: Promise<QueueTally> }> {
  let tally!: Promise<QueueTally>;
  const card = await read(db, QUEUE_STORES, (tx) => {
    const q = queueAndTallyIn(tx, deckId, now, s);
    tally = q.tally;
    tally.catch(() => undefined); // awaited by the caller; a failure is reported there
    return q.card;
  });
  return { card, tally };
}

/** When this deck next has something to study (for the "done for today" screen). */
export async function nextDueTime(db: Readable, deckId: string, now: number, s: StudySettings): Promise<number | null> {
  const dayEnd = nextStudyDayStart(now, s.rolloverHour);
  const [learning, review, newCards] = await read(db, [Store.cards], (tx) => {
    const cards = cardsByDue(tx);
    return Promise.all([
      first<CardRow>(cards, wholeQueue(deckId, Queue.Learning)),
      first<CardRow>(cards, wholeQueue(deckId, Queue.Review)),
      request(cards.count(wholeQueue(deckId, Queue.New)))
    ]);
  });
  const candidates: number[] = [];
  if (learning) candidates.push(learning.due);
  // Reviews due today but held back by the daily limit, and new cards, come back tomorrow.
  if (review) candidates.push(Math.max(review.due, dayEnd));
  if (newCards > 0) candidates.push(dayEnd);
  return candidates.length ? Math.min(...candidates) : null;
}

/**
 * Review ahead: the next learning or review card due before `until`, ignoring daily limits.
 * Answers are recorded normally; FSRS accounts for the early review in the next interval.
 */
export async function nextCardAhead(db: Readable, deckId: string, until: number): Promise<CardRow | null> {
  const [learning, review] = await read(db, [Store.cards], (tx) => {
    const cards = cardsByDue(tx);
    return Promise.all([
      first<CardRow>(cards, dueRange(deckId, Queue.Learning, -Infinity, until)),
      first<CardRow>(cards, dueRange(deckId, Queue.Review, -Infinity, until))
    ]);
  });
  if (learning && (!review || learning.due <= review.due)) return learning;
  return review ?? null;
}
