import { weekdayMonday, type DayRange } from './days';

export interface HeatCell {
  /** Index of the day in the range. */
  day: number;
  /** Week column (0 = oldest) and weekday row (0 = Monday). */
  week: number;
  weekday: number;
  count: number;
  /** 0 = no reviews, 1…4 = quarters of a busy day (the 90th percentile of days with reviews). */
  level: number;
  date: number;
}

export interface Heatmap {
  cells: HeatCell[];
  weeks: number;
  /** Reviews that make the darkest level (busier days are capped there, so one outlier does not wash out the rest). */
  busyDay: number;
  activeDays: number;
  total: number;
  busiest: { date: number; count: number } | null;
}

/** Level 0…4 of a day's count: 0 without reviews, else its quarter of `busyDay` (capped at 4). */
export function heatLevel(count: number, busyDay: number): number {
  if (count <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil((4 * count) / Math.max(1, busyDay))));
}

/**
 * Lays out days [0, lastDay] of a range as a GitHub-style grid: one column per calendar week
 * (Monday first), one row per weekday. Days after lastDay (the rest of this week) are left out.
 */
export function heatmap(range: DayRange, counts: ArrayLike<number>, lastDay = range.count - 1): Heatmap {
  const active: number[] = [];
  let total = 0;
  let busiest: Heatmap['busiest'] = null;
  for (let i = 0; i <= lastDay; i++) {
    const c = counts[i];
    if (c > 0) {
      active.push(c);
      total += c;
      if (!busiest || c > busiest.count) busiest = { date: range.dates[i], count: c };
    }
  }
  active.sort((a, b) => a - b);
  const busyDay = active.length ? active[Math.min(active.length - 1, Math.floor(0.9 * active.length))] : 0;
  const cells: HeatCell[] = [];
  const firstWeekday = range.count ? weekdayMonday(range, 0) : 0;
  for (let i = 0; i <= lastDay; i++) {
    const slot = firstWeekday + i;
    const count = counts[i];
    cells.push({ day: i, week: Math.floor(slot / 7), weekday: slot % 7, count, level: heatLevel(count, busyDay), date: range.dates[i] });
  }
  const weeks = cells.length ? cells[cells.length - 1].week + 1 : 0;
  return { cells, weeks, busyDay, activeDays: active.length, total, busiest };
}
