import { studyDayStart } from '../srs/day';
import { shiftStudyDay } from './days';

export interface Streaks {
  /** Consecutive study days with reviews up to today, or up to yesterday while today has none yet. */
  current: number;
  /** The longest run of consecutive study days with reviews. */
  longest: number;
  /** Start of the last study day with a review, or null. */
  lastDay: number | null;
}

/**
 * Streaks from review times given in ascending order (as the `review` index yields them).
 * Only a new study day costs date maths; answers within the same day are a comparison.
 */
export class StreakCounter {
  private dayStart = -Infinity;
  private dayEnd = -Infinity;
  private run = 0;
  private best = 0;

  constructor(private readonly rolloverHour: number) {}

  add(review: number): void {
    if (review < this.dayEnd) {
      if (review >= this.dayStart) return;
      throw new Error('review times must be added in ascending order');
    }
    const start = studyDayStart(review, this.rolloverHour);
    this.run = start === this.dayEnd ? this.run + 1 : 1;
    this.best = Math.max(this.best, this.run);
    this.dayStart = start;
    this.dayEnd = shiftStudyDay(start, 1, this.rolloverHour);
  }

  result(now: number): Streaks {
    if (this.run === 0) return { current: 0, longest: 0, lastDay: null };
    const yesterday = shiftStudyDay(studyDayStart(now, this.rolloverHour), -1, this.rolloverHour);
    // A review dated after today (another device's clock ahead) keeps the streak alive too.
    const alive = this.dayStart >= yesterday;
    return { current: alive ? this.run : 0, longest: this.best, lastDay: this.dayStart };
  }
}

export function streaks(reviewTimes: Iterable<number>, now: number, rolloverHour: number): Streaks {
  const counter = new StreakCounter(rolloverHour);
  for (const t of reviewTimes) counter.add(t);
  return counter.result(now);
}
