import { createEmptyCard, type FSRS, type Grade } from 'ts-fsrs';
import { createScheduler, fromFsrsCard } from '../../srs/scheduler';
import { CardState } from '../../db/schema';
import { DEFAULT_SETTINGS } from '../../srs/settings';
import type { ImportedReview, ImportedSchedule } from '../types';
import type { AnkiCard, AnkiReview } from './collection';

const DAY = 86_400_000;
let scheduler: FSRS | null = null;

/** Answers only: learn, review, relearn, filtered (revlog types 0-3) with a button 1-4, none in the future. */
function answersOf(reviews: AnkiReview[], now: number): AnkiReview[] {
  return reviews.filter((r) => r.ease >= 1 && r.ease <= 4 && r.type >= 0 && r.type <= 3 && r.time <= now);
}

/**
 * A card's Anki answers replayed through FSRS (the app's scheduler with default settings): the
 * schedule they lead to and one review-log row per answer. Rating, time and duration are Anki's
 * own. The FSRS fields and `before` (the schedule before each answer) are reconstructed: Anki's
 * revlog keeps only its own SM-2 interval and ease, so the first answer starts from a new card
 * and each later one from the state the replay reached, which is what FSRS would have had with
 * default parameters. Rescheduling entries (manual, type 4) and answers after `now` are not answers.
 */
export function historyFromAnki(reviews: AnkiReview[], now: number): { schedule: Omit<ImportedSchedule, 'suspended'>; reviews: ImportedReview[] } | null {
  const answers = answersOf(reviews, now);
  if (answers.length === 0) return null;
  scheduler ??= createScheduler(DEFAULT_SETTINGS);
  let fsrsCard = createEmptyCard(new Date(answers[0].time));
  const logs: ImportedReview[] = [];
  for (const r of answers) {
    const before = fromFsrsCard(fsrsCard);
    const { card: next, log } = scheduler.next(fsrsCard, new Date(r.time), r.ease as Grade);
    logs.push({
      revlogId: r.time,
      rating: r.ease,
      review: r.time,
      duration: r.duration,
      state: log.state,
      due: log.due.getTime(),
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsed_days,
      scheduledDays: log.scheduled_days,
      learningSteps: log.learning_steps,
      before
    });
    fsrsCard = next;
  }
  return { schedule: fromFsrsCard(fsrsCard), reviews: logs };
}

/**
 * Scheduling state for a card from an Anki package. With review history, the answers are
 * replayed through FSRS (historyFromAnki); without it, the card's interval and ease are
 * translated. New cards get none (they arrive as new).
 */
export function scheduleFromAnki(
  card: AnkiCard,
  reviews: AnkiReview[],
  crt: number,
  now: number,
  history = historyFromAnki(reviews, now)
): ImportedSchedule | undefined {
  const suspended = card.queue === -1;
  if (card.type === 0 && !history) return suspended ? { ...fresh(now), suspended } : undefined;
  if (history) return { ...history.schedule, suspended };
  // Scheduling without history: interval in days, ease in permille.
  const ivl = Math.max(card.ivl, 0);
  const due = card.type === 2 || card.queue === 3 ? (crt + card.due * 86_400) * 1000 : card.queue === 1 ? card.due * 1000 : now;
  const difficulty = Math.min(10, Math.max(1, 5 - ((card.factor || 2500) - 2500) / 240));
  return {
    due: Number.isFinite(due) ? due : now,
    stability: Math.max(ivl, 0.5),
    difficulty,
    scheduledDays: ivl,
    learningSteps: 0,
    reps: card.reps,
    lapses: card.lapses,
    // Anki's card types 1-3 (learning, review, relearning) have the numbers of CardState.
    state: card.type >= 1 && card.type <= 3 ? card.type : CardState.Review,
    lastReview: card.type === 2 ? Math.min(now, due - ivl * DAY) : null,
    suspended
  };
}

function fresh(now: number): Omit<ImportedSchedule, 'suspended'> {
  return { due: now, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: CardState.New, lastReview: null };
}
