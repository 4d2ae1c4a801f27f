import { CardState, Queue, type CardRow, type ReviewLogRow } from '../db/schema';
import type { StudySettings } from './settings';

/**
 * The index counts behind a deck's header counts for one study day, before the daily limits
 * are applied. Counting them takes six index counts that walk every key in range (57 ms at
 * 50k cards on disk, 4x CPU); an answer changes each by at most one, so the study screen
 * counts once and then follows its own answers here (tallyAfterAnswer).
 */
export interface QueueTally {
  /** The study day the counts belong to: [dayStart, dayEnd). */
  dayStart: number;
  dayEnd: number;
  /** Today's answers in the deck: all, of cards that were new, of cards in review. */
  answered: number;
  newIntroduced: number;
  reviews: number;
  /** Cards in the new queue (any due), learning and review cards due before dayEnd. */
  newAvailable: number;
  learningDue: number;
  reviewsDue: number;
}

export interface DeckCounts {
  /** New cards that may still be introduced today (limit applied). */
  newCount: number;
  /** Learning and relearning cards due before the study day ends. */
  learningCount: number;
  /** Review cards due today (limit applied). */
  reviewCount: number;
  /** Answers given in this deck today. */
  answeredToday: number;
}

/** What today's limits still allow, from today's answers so far. */
export function limitsLeft(s: StudySettings, newIntroduced: number, reviews: number) {
  return { newLeft: Math.max(0, s.newPerDay - newIntroduced), reviewsLeft: Math.max(0, s.reviewsPerDay - reviews) };
}

/** The header counts: the tally with the daily limits applied. */
export function countsFromTally(t: QueueTally, s: StudySettings): DeckCounts {
  const { newLeft, reviewsLeft } = limitsLeft(s, t.newIntroduced, t.reviews);
  return {
    newCount: Math.min(t.newAvailable, newLeft),
    learningCount: t.learningDue,
    reviewCount: Math.min(t.reviewsDue, reviewsLeft),
    answeredToday: t.answered
  };
}

type Slot = Pick<CardRow, 'queue' | 'due'>;

/** Which of the tally's card counts a card is in (none: suspended, buried, retired, or due after today). */
function countOf(card: Slot | undefined, dayEnd: number): 'newAvailable' | 'learningDue' | 'reviewsDue' | null {
  if (!card) return null;
  if (card.queue === Queue.New) return 'newAvailable';
  if (card.queue === Queue.Learning && card.due < dayEnd) return 'learningDue';
  if (card.queue === Queue.Review && card.due < dayEnd) return 'reviewsDue';
  return null;
}

/**
 * The tally after one answer written in this deck: the card moves from the count it was in
 * (`before`, as stored when answered) to the one it is in now (`after`, read back in the
 * answer's transaction), and the log row counts as one of today's answers by the state the
 * card was in. Exactly what a fresh count would find, as long as nothing else changed the
 * deck meanwhile (another tab's change is recounted: study-session.svelte.ts). Siblings the
 * answer buried in this deck (`buried`, rows before the burial) leave the count they were in.
 */
export function tallyAfterAnswer(
  t: QueueTally,
  before: Slot,
  after: Slot | undefined,
  log: Pick<ReviewLogRow, 'state' | 'review'>,
  buried: readonly Slot[] = []
): QueueTally {
  const next = { ...t };
  const from = countOf(before, t.dayEnd);
  const to = countOf(after, t.dayEnd);
  if (from) next[from]--;
  if (to) next[to]++;
  // Siblings of this deck the answer buried (as they were before) leave their counts too.
  for (const sibling of buried) {
    const count = countOf(sibling, t.dayEnd);
    if (count) next[count]--;
  }
  if (log.review >= t.dayStart) {
    next.answered++;
    if (log.state === CardState.New) next.newIntroduced++;
    if (log.state === CardState.Review) next.reviews++;
  }
  return next;
}
