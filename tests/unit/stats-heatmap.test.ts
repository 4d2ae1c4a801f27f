import { describe, expect, it } from 'vitest';
import { dailyTotals } from '../../src/lib/stats/daily';
import { mondayOffset, studyDays } from '../../src/lib/stats/days';
import { heatLevel, heatmap } from '../../src/lib/stats/heatmap';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('review heatmap', () => {
  // Wednesday 11 March 2026; a year of full weeks back to a Monday.
  const now = local(2026, 3, 11, 10);
  const first = mondayOffset(now, 4, 52);
  const range = studyDays(now, 4, first, 1 - first);

  it('spans 52 full weeks plus this week up to today, Monday first', () => {
    const map = heatmap(range, new Int32Array(range.count));
    expect(range.count).toBe(52 * 7 + 3);
    expect(map.weeks).toBe(53);
    expect(map.cells[0]).toMatchObject({ week: 0, weekday: 0 });
    expect(map.cells[map.cells.length - 1]).toMatchObject({ week: 52, weekday: 2, date: local(2026, 3, 11, 0) });
    expect(map.activeDays).toBe(0);
    expect(map.busiest).toBeNull();
  });

  it('buckets answers by study day and grades the busy days darkest', () => {
    const logs = [
      // Tuesday 10 March: 3 answers, one of them at 02:00 on Wednesday (still Tuesday's study day)
      { review: local(2026, 3, 10, 9), duration: 0, state: 2, rating: 3 },
      { review: local(2026, 3, 10, 23), duration: 0, state: 2, rating: 3 },
      { review: local(2026, 3, 11, 2), duration: 0, state: 2, rating: 3 },
      // Wednesday 11 March: 1 answer
      { review: local(2026, 3, 11, 9), duration: 0, state: 2, rating: 3 }
    ];
    const totals = dailyTotals(logs, range);
    const map = heatmap(range, totals.reviews);
    const tue = map.cells[map.cells.length - 2];
    const wed = map.cells[map.cells.length - 1];
    expect([tue.count, wed.count]).toEqual([3, 1]);
    expect([tue.weekday, wed.weekday]).toEqual([1, 2]);
    expect(map).toMatchObject({ activeDays: 2, total: 4, busyDay: 3, busiest: { date: local(2026, 3, 10, 0), count: 3 } });
    expect([tue.level, wed.level]).toEqual([4, 2]);
  });

  it('caps outliers at the darkest level instead of washing out the other days', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 10)).toBe(1);
    expect(heatLevel(5, 10)).toBe(2);
    expect(heatLevel(8, 10)).toBe(4);
    expect(heatLevel(500, 10)).toBe(4);
    const counts = new Int32Array(range.count);
    counts.fill(10, 0, 20);
    counts[30] = 1000;
    const map = heatmap(range, counts);
    expect(map.busyDay).toBe(10);
    expect(map.cells[0].level).toBe(4);
  });
});
