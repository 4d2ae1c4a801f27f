import { CardState } from '../db/schema';
import { dayIndex, type DayRange } from './days';

/** The fields of a review log that the statistics read. */
export interface LogLike {
  review: number;
  duration: number;
  /** Card state before the answer: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  /** 1 Again, 2 Hard, 3 Good, 4 Easy. */
  rating: number;
}

/** Time counted for one answer at most, so a card left open during a break does not count as hours of study. */
export const MAX_ANSWER_MS = 5 * 60_000;

/** A review of a card in Review state (the reviews true retention is measured on). */
export function isRetentionReview(log: Pick<LogLike, 'state'>): boolean {
  return log.state === CardState.Review;
}

/** Recalled: any rating but Again. */
export function isPass(log: Pick<LogLike, 'rating'>): boolean {
  return log.rating !== 1;
}

/** Per-day sums over a range of study days, filled in one pass over the logs. */
export class DailyTotals {
  readonly reviews: Int32Array;
  readonly timeMs: Float64Array;
  /** Answers to cards in Review state … */
  readonly retentionReviews: Int32Array;
  /** … and how many of them were not Again. */
  readonly retentionPassed: Int32Array;
  private last = 0;

  constructor(readonly range: DayRange) {
    this.reviews = new Int32Array(range.count);
    this.timeMs = new Float64Array(range.count);
    this.retentionReviews = new Int32Array(range.count);
    this.retentionPassed = new Int32Array(range.count);
  }

  add(log: LogLike): void {
    const s = this.range.starts;
    // Logs usually arrive in time order: try the day of the previous log before searching.
    let i = this.last;
    if (!(log.review >= s[i] && log.review < s[i + 1])) {
      i = dayIndex(this.range, log.review);
      if (i < 0) return;
      this.last = i;
    }
    this.reviews[i]++;
    this.timeMs[i] += Math.min(Math.max(0, log.duration || 0), MAX_ANSWER_MS);
    if (isRetentionReview(log)) {
      this.retentionReviews[i]++;
      if (isPass(log)) this.retentionPassed[i]++;
    }
  }
}

export function dailyTotals(logs: Iterable<LogLike>, range: DayRange): DailyTotals {
  const totals = new DailyTotals(range);
  for (const log of logs) totals.add(log);
  return totals;
}

/** Sum of an array slice [from, to). */
export function sum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let total = 0;
  for (let i = Math.max(0, from); i < Math.min(to, values.length); i++) total += values[i];
  return total;
}
