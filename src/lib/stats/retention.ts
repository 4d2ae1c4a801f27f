import type { DailyTotals } from './daily';
import { weekdayMonday } from './days';

/** True retention over a period: the share of Review-state answers that were not Again. */
export interface RetentionPoint {
  /** Local midnight of the first calendar date of the period. */
  date: number;
  /** Number of study days in the period (7 for full weeks, fewer at the edges). */
  days: number;
  reviews: number;
  passed: number;
  /** passed / reviews, or null without reviews. */
  retention: number | null;
}

function point(date: number, days: number, reviews: number, passed: number): RetentionPoint {
  return { date, days, reviews, passed, retention: reviews > 0 ? passed / reviews : null };
}

/** One point per study day in [from, to) of the totals' range. */
export function retentionByDay(totals: DailyTotals, from = 0, to = totals.range.count): RetentionPoint[] {
  const points: RetentionPoint[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, totals.range.count); i++) {
    points.push(point(totals.range.dates[i], 1, totals.retentionReviews[i], totals.retentionPassed[i]));
  }
  return points;
}

/** One point per calendar week (Monday to Sunday) of the study days in [from, to). */
export function retentionByWeek(totals: DailyTotals, from = 0, to = totals.range.count): RetentionPoint[] {
  const points: RetentionPoint[] = [];
  let current: { date: number; days: number; reviews: number; passed: number } | null = null;
  for (let i = Math.max(0, from); i < Math.min(to, totals.range.count); i++) {
    if (!current || weekdayMonday(totals.range, i) === 0) {
      if (current) points.push(point(current.date, current.days, current.reviews, current.passed));
      current = { date: totals.range.dates[i], days: 0, reviews: 0, passed: 0 };
    }
    current.days++;
    current.reviews += totals.retentionReviews[i];
    current.passed += totals.retentionPassed[i];
  }
  if (current) points.push(point(current.date, current.days, current.reviews, current.passed));
  return points;
}

/** Retention over several periods together (weighted by their reviews, not an average of ratios). */
export function overallRetention(points: RetentionPoint[]): { reviews: number; passed: number; retention: number | null } {
  let reviews = 0;
  let passed = 0;
  for (const p of points) {
    reviews += p.reviews;
    passed += p.passed;
  }
  return { reviews, passed, retention: reviews > 0 ? passed / reviews : null };
}
