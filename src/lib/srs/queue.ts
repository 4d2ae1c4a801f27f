import Dexie from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { Queue, type CardRow, type QueueValue, type Schedule } from '../db/schema';
import { nextStudyDayStart, studyDayStart } from './day';
import type { StudySettings } from './settings';

const MINUTE = 60_000;

export function queueFor(schedule: Schedule, flags: { suspended: boolean; retired: boolean; buriedUntil?: number; deleted?: boolean }): QueueValue {
  if (flags.retired || flags.deleted) return Queue.Retired;
  if (flags.suspended) return Queue.Suspended;
  if (flags.buriedUntil) return Queue.Buried;
  if (schedule.state === 0) return Queue.New;
  if (schedule.state === 2) return Queue.Review;
  return Queue.Learning; // Learning and Relearning
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

function range(db: FlashcardDatabase, deckId: string, queue: QueueValue, from: number, to: number) {
  return db.cards.where('[deckId+queue+due]').between([deckId, queue, from], [deckId, queue, to], true, false);
}

/** Today's answers in a deck, split by the state the card was in (New counts toward the new limit). */
async function answeredToday(db: FlashcardDatabase, deckId: string, dayStart: number) {
  const byState = (state: number) =>
    db.reviewLogs.where('[deckId+state+review]').between([deckId, state, dayStart], [deckId, state, Dexie.maxKey]).count();
  const [newIntroduced, reviews, total] = await Promise.all([
    byState(0),
    byState(2),
    db.reviewLogs.where('[deckId+review]').between([deckId, dayStart], [deckId, Dexie.maxKey]).count()
  ]);
  return { newIntroduced, reviews, total };
}

interface Limits {
  newLeft: number;
  reviewsLeft: number;
  dayEnd: number;
  answered: number;
}

async function limits(db: FlashcardDatabase, deckId: string, now: number, s: StudySettings): Promise<Limits> {
  const dayStart = studyDayStart(now, s.rolloverHour);
  const today = await answeredToday(db, deckId, dayStart);
  return {
    newLeft: Math.max(0, s.newPerDay - today.newIntroduced),
    reviewsLeft: Math.max(0, s.reviewsPerDay - today.reviews),
    dayEnd: nextStudyDayStart(now, s.rolloverHour),
    answered: today.total
  };
}

/** Counts for the deck list, read through indexes only (no card rows are loaded). */
export async function deckCounts(db: FlashcardDatabase, deckId: string, now: number, s: StudySettings): Promise<DeckCounts> {
  const lim = await limits(db, deckId, now, s);
  const [newAvailable, learningCount, reviewsDue] = await Promise.all([
    lim.newLeft > 0 ? range(db, deckId, Queue.New, -Infinity, Infinity).count() : 0,
    range(db, deckId, Queue.Learning, -Infinity, lim.dayEnd).count(),
    lim.reviewsLeft > 0 ? range(db, deckId, Queue.Review, -Infinity, lim.dayEnd).count() : 0
  ]);
  return {
    newCount: Math.min(newAvailable, lim.newLeft),
    learningCount,
    reviewCount: Math.min(reviewsDue, lim.reviewsLeft),
    answeredToday: lim.answered
  };
}

/**
 * The card to show next: due learning cards first, then due reviews, then new cards in deck
 * order, honouring the daily limits; finally learning cards due within the learn-ahead window.
 */
export async function nextCard(db: FlashcardDatabase, deckId: string, now: number, s: StudySettings): Promise<CardRow | null> {
  // Two rounds of parallel index reads instead of one query after another.
  const [dueLearning, lim] = await Promise.all([range(db, deckId, Queue.Learning, -Infinity, now + 1).first(), limits(db, deckId, now, s)]);
  if (dueLearning) return dueLearning;
  const [review, fresh, ahead] = await Promise.all([
    lim.reviewsLeft > 0 ? range(db, deckId, Queue.Review, -Infinity, lim.dayEnd).first() : undefined,
    lim.newLeft > 0 ? db.cards.where('[deckId+queue+ord]').between([deckId, Queue.New, -Infinity], [deckId, Queue.New, Infinity]).first() : undefined,
    range(db, deckId, Queue.Learning, -Infinity, now + s.learnAheadMinutes * MINUTE + 1).first()
  ]);
  return review ?? fresh ?? ahead ?? null;
}

/** When this deck next has something to study (for the "done for today" screen). */
export async function nextDueTime(db: FlashcardDatabase, deckId: string, now: number, s: StudySettings): Promise<number | null> {
  const dayEnd = nextStudyDayStart(now, s.rolloverHour);
  const [learning, review, newCards] = await Promise.all([
    range(db, deckId, Queue.Learning, -Infinity, Infinity).first(),
    range(db, deckId, Queue.Review, -Infinity, Infinity).first(),
    range(db, deckId, Queue.New, -Infinity, Infinity).count()
  ]);
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
export async function nextCardAhead(db: FlashcardDatabase, deckId: string, until: number): Promise<CardRow | null> {
  const [learning, review] = await Promise.all([
    range(db, deckId, Queue.Learning, -Infinity, until).first(),
    range(db, deckId, Queue.Review, -Infinity, until).first()
  ]);
  if (learning && (!review || learning.due <= review.due)) return learning;
  return review ?? null;
}
