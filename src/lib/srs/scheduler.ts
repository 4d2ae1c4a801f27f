import { fsrs, generatorParameters, Rating, type Card, type FSRS, type FSRSParameters, type Grade, type ReviewLog, type StepUnit } from 'ts-fsrs';
import { uuidv7 } from '../db/ids';
import { type LoadBalanced, type ReviewLogRow, type Schedule } from '../db/schema';
import type { StudySettings } from './settings';

export { Rating };
export type { Grade };
export const GRADES: Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy];

export function createScheduler(settings: StudySettings): FSRS {
  return fsrs(schedulerParameters(settings));
}

/** ts-fsrs' parameters for these settings (also used by the load-balanced scheduler, srs/balance). */
export function schedulerParameters(settings: StudySettings): FSRSParameters {
  return generatorParameters({
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumInterval,
    // Fuzz spreads cards learned together over nearby days, as Anki does.
    enable_fuzz: true,
    enable_short_term: true,
    learning_steps: settings.learningSteps as StepUnit[],
    relearning_steps: settings.relearningSteps as StepUnit[],
    ...(settings.weights ? { w: settings.weights } : {})
  });
}

/** A scheduler that chooses due dates against the daily load for an answer given at `now` (srs/balance). */
export interface BalancesAt {
  balancedAt<T>(now: number, work: () => T): T;
}

/** Runs `work` (ts-fsrs calls for an answer at `now`) balanced when the scheduler balances, else as it is. */
export function atReviewTime<T>(scheduler: FSRS, now: number, work: () => T): T {
  return 'balancedAt' in scheduler ? (scheduler as FSRS & BalancesAt).balancedAt(now, work) : work();
}

// Apart from ts-fsrs: a first visit's first card is made from its deck file before the scheduler loads.
export { newSchedule } from './new-schedule';

export function toFsrsCard(s: Schedule): Card {
  return {
    due: new Date(s.due),
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: 0,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
    last_review: s.lastReview === null ? undefined : new Date(s.lastReview)
  };
}

export function fromFsrsCard(c: Card): Schedule {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ? c.last_review.getTime() : null
  };
}

export function pickSchedule<T extends Schedule>(row: T): Schedule {
  const { due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview } = row;
  return { due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview };
}

/** The review-log row of one answer: ts-fsrs' log fields plus the whole schedule before it. */
export function reviewLogRow(
  answer: { cardId: string; deckId: string; grade: Grade; now: number; duration: number; before: Schedule; id?: string; loadBalanced?: LoadBalanced },
  log: ReviewLog
): ReviewLogRow {
  const { cardId, deckId, grade, now, duration, before, loadBalanced } = answer;
  return {
    id: answer.id ?? uuidv7(now),
    cardId,
    deckId,
    rating: grade,
    review: now,
    duration,
    ...logFields(log),
    before,
    ...(loadBalanced ? { loadBalanced } : {})
  };
}

/** ts-fsrs' log of one answer as the review-log row's fields (the card's state and schedule it was computed from). */
export function logFields(
  log: ReviewLog
): Pick<ReviewLogRow, 'state' | 'due' | 'stability' | 'difficulty' | 'elapsedDays' | 'scheduledDays' | 'learningSteps'> {
  return {
    state: log.state,
    due: log.due.getTime(),
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps
  };
}

/** The schedule each grade would give, for the labels on the grade buttons. */
export function previewGrades(scheduler: FSRS, schedule: Schedule, now: number): Record<Grade, Schedule> {
  const preview = atReviewTime(scheduler, now, () => scheduler.repeat(toFsrsCard(schedule), new Date(now)));
  const out = {} as Record<Grade, Schedule>;
  for (const grade of GRADES) out[grade] = fromFsrsCard(preview[grade].card);
  return out;
}

/** "1m", "10m", "3h", "4d", "2.1mo", "1.5y": the interval from now to `due`, as Anki shows it. */
export function formatInterval(ms: number): string {
  const minutes = Math.max(ms / 60000, 0);
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))}m`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.round(hours)}h`;
  const days = hours / 24;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

function trim(n: number): string {
  return n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, '');
}
