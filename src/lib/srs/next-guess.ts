import { queueOf } from '../db/derive';
import { read, request, type Readable, type ReadTx } from '../db/raw';
import { Queue, type CardRow, type Schedule } from '../db/schema';
import { CardIndex, Store } from '../db/stores';
import { anyBurying } from './bury-rules';
import { nextStudyDayStart, studyDayStart } from './day';
import { cardsByDue, dueRange, pickNext, wholeQueue } from './queue';
import { countsFromTally, tallyAfterAnswer, type DeckCounts, type QueueTally } from './queue-tally';
import type { StudySettings } from './settings';

const MINUTE = 60_000;

/**
 * The first two cards of each queue the card after the one on screen can come from, read while
 * it is shown: whatever it is answered, the next card is one of these (or the card itself), so
 * the study screen can paint it as soon as the key is pressed, before the answer's transaction
 * has committed and read it (guessNext).
 */
export interface Upcoming {
  /** The card on screen when they were read. */
  shownId: string;
  dayStart: number;
  /** Learning cards by due (all of them, not only the learn-ahead window, which moves with time). */
  learning: CardRow[];
  /** Reviews due before the study day ends, by due. */
  review: CardRow[];
  /** New cards in deck order. */
  fresh: CardRow[];
}

export async function upcomingIn(tx: ReadTx, deckId: string, shownId: string, now: number, s: StudySettings): Promise<Upcoming> {
  const byDue = cardsByDue(tx);
  // Two of each: one of them may be the card on screen.
  const [learning, review, fresh] = await Promise.all([
    request<CardRow[]>(byDue.getAll(wholeQueue(deckId, Queue.Learning), 2)),
    request<CardRow[]>(byDue.getAll(dueRange(deckId, Queue.Review, -Infinity, nextStudyDayStart(now, s.rolloverHour)), 2)),
    request<CardRow[]>(tx.objectStore(Store.cards).index(CardIndex.deckQueueOrd).getAll(wholeQueue(deckId, Queue.New), 2))
  ]);
  return { shownId, dayStart: studyDayStart(now, s.rolloverHour), learning, review, fresh };
}

export function upcoming(db: Readable, deckId: string, shownId: string, now: number, s: StudySettings): Promise<Upcoming> {
  return read(db, [Store.cards], (tx) => upcomingIn(tx, deckId, shownId, now, s));
}

export interface GuessInput {
  upcoming: Upcoming;
  /** The card being answered, as shown. */
  shown: CardRow;
  /** Its schedule after this grade, as previewed for the grade buttons at `previewedAt`. */
  after: Schedule;
  previewedAt: number;
  now: number;
  s: StudySettings;
  /** Today's tally before the answer (null: not known, so no guess). */
  tally: QueueTally | null;
}

/**
 * The card the answer's transaction will most likely read next (queue.ts pickNext on what the
 * answer leaves), and the header counts after the answer; null when it cannot be told without
 * the database: the next card would be the answered one again or none, siblings may be buried,
 * or the day changed. A guess is only painted early: the answer's own read decides, and a wrong
 * guess is replaced (study-session.svelte.ts).
 */
export function guessNext({ upcoming, shown, after, previewedAt, now, s, tally }: GuessInput): { card: CardRow; counts: DeckCounts } | null {
  const dayStart = studyDayStart(now, s.rolloverHour);
  if (!tally || upcoming.shownId !== shown.id || tally.dayStart !== dayStart || upcoming.dayStart !== dayStart) return null;
  // The answer may bury siblings, and a sibling shown next may be held back: the answer's read knows which.
  if (anyBurying(s)) return null;
  const answered = { ...shown, ...after, due: after.due + (now - previewedAt) };
  answered.queue = queueOf(answered);
  const others = (cards: CardRow[]) => cards.find((c) => c.id !== shown.id);
  let learning = others(upcoming.learning);
  if (answered.queue === Queue.Learning && (!learning || answered.due < learning.due)) learning = answered;
  if (learning && learning.due > now + s.learnAheadMinutes * MINUTE) learning = undefined;
  const tallyAfter = tallyAfterAnswer(tally, shown, answered, { state: shown.state, review: now });
  const card = pickNext({ learning, review: others(upcoming.review), fresh: others(upcoming.fresh) }, now, s, tallyAfter.newIntroduced, tallyAfter.reviews);
  if (!card || card.id === shown.id) return null;
  return { card, counts: countsFromTally(tallyAfter, s) };
}
