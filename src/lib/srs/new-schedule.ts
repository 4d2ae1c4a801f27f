import { CardState, type Schedule } from '../db/schema';

/** A schedule for a card never studied, due immediately. */
export function newSchedule(now: number): Schedule {
  return { due: now, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: CardState.New, lastReview: null };
}
