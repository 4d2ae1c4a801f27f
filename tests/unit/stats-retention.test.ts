import { describe, expect, it } from 'vitest';
import { dailyTotals, MAX_ANSWER_MS, type LogLike } from '../../src/lib/stats/daily';
import { studyDays } from '../../src/lib/stats/days';
import { overallRetention, retentionByDay, retentionByWeek } from '../../src/lib/stats/retention';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const log = (review: number, state: number, rating: number, duration = 10_000): LogLike => ({ review, state, rating, duration });

// Sunday 15 March 2026, 12:00; the range covers Monday 2 March to today (two full weeks).
const now = local(2026, 3, 15, 12);
const range = studyDays(now, 4, -13, 14);

describe('true retention', () => {
  it('counts only answers to cards in Review state, and only Again as a failure', () => {
    const totals = dailyTotals(
      [
        log(local(2026, 3, 14, 9), 2, 1), // review, Again: fail
        log(local(2026, 3, 14, 10), 2, 2), // review, Hard: pass
        log(local(2026, 3, 14, 11), 2, 3), // review, Good: pass
        log(local(2026, 3, 14, 12), 2, 4), // review, Easy: pass
        log(local(2026, 3, 14, 13), 0, 1), // new card: not counted
        log(local(2026, 3, 14, 14), 1, 1), // learning: not counted
        log(local(2026, 3, 14, 15), 3, 3) // relearning: not counted
      ],
      range
    );
    const days = retentionByDay(totals);
    const sat = days[12];
    expect(sat.date).toBe(local(2026, 3, 14, 0));
    expect(sat).toMatchObject({ reviews: 4, passed: 3, retention: 0.75 });
    expect(totals.reviews[12]).toBe(7);
    expect(days[11].retention).toBeNull();
  });

  it('puts an answer at 02:00 on the previous study day', () => {
    const totals = dailyTotals([log(local(2026, 3, 15, 2), 2, 1), log(local(2026, 3, 15, 4, 30), 2, 3)], range);
    const days = retentionByDay(totals);
    expect(days[12]).toMatchObject({ reviews: 1, passed: 0, retention: 0 });
    expect(days[13]).toMatchObject({ reviews: 1, passed: 1, retention: 1 });
  });

  it('groups days into Monday-to-Sunday weeks, with Monday before 04:00 still in the old week', () => {
    const totals = dailyTotals(
      [
        log(local(2026, 3, 2, 8), 2, 3), // Mon week 1
        log(local(2026, 3, 8, 20), 2, 1), // Sun week 1
        log(local(2026, 3, 9, 3), 2, 1), // Mon 03:00: still Sunday, week 1
        log(local(2026, 3, 9, 5), 2, 3), // Mon 05:00: week 2
        log(local(2026, 3, 15, 11), 2, 4) // today, week 2
      ],
      range
    );
    const weeks = retentionByWeek(totals);
    expect(weeks.map((w) => [w.date, w.days, w.reviews, w.passed])).toEqual([
      [local(2026, 3, 2, 0), 7, 3, 1],
      [local(2026, 3, 9, 0), 7, 2, 2]
    ]);
    expect(weeks[0].retention).toBeCloseTo(1 / 3);
    // A slice starting mid-week gives a short first week.
    const partial = retentionByWeek(totals, 5);
    expect(partial.map((w) => [w.days, w.reviews])).toEqual([
      [2, 2],
      [7, 2]
    ]);
  });

  it('weights the overall figure by reviews, not by averaging ratios', () => {
    const totals = dailyTotals([log(local(2026, 3, 14, 9), 2, 1), ...Array.from({ length: 9 }, () => log(local(2026, 3, 15, 9), 2, 3))], range);
    expect(overallRetention(retentionByDay(totals))).toEqual({ reviews: 10, passed: 9, retention: 0.9 });
    expect(overallRetention([]).retention).toBeNull();
  });

  it('sums study time per day, capping a single answer', () => {
    const totals = dailyTotals(
      [log(local(2026, 3, 15, 9), 0, 3, 12_000), log(local(2026, 3, 15, 10), 2, 3, 60 * 60_000), log(local(2026, 3, 15, 11), 2, 3, -5)],
      range
    );
    expect(totals.timeMs[13]).toBe(12_000 + MAX_ANSWER_MS);
  });

  it('ignores answers outside the range', () => {
    const totals = dailyTotals([log(local(2026, 3, 2, 3), 2, 3), log(local(2026, 3, 16, 4), 2, 3)], range);
    expect(Array.from(totals.reviews).every((c) => c === 0)).toBe(true);
  });
});
