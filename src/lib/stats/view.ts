import type { DeckRow } from '../db/schema';
import type { DeckProgress, HardCard, StateCounts } from './cards';
import { sum } from './daily';
import { dayMonth, formatDuration, percent, plural, shortDate } from './format';
import { heatmap, type Heatmap } from './heatmap';
import { FORECAST_DAYS, RECENT_DAYS, type StatsReport } from './load';
import { overallRetention, retentionByDay, retentionByWeek, type RetentionPoint } from './retention';

/** What the statistics page shows, derived from a report: labels, ticks and summaries included. */
export interface StatsView {
  key: {
    currentStreak: number;
    longestStreak: number;
    reviewsToday: number;
    totalReviews: number;
    activeDays: number;
    yearDays: number;
    dueToday: number;
    retention30: number | null;
  };
  heatmap: { map: Heatmap; today: number; summary: string };
  recent: {
    labels: string[];
    ticks: Tick[];
    reviews: ArrayLike<number>;
    minutes: number[];
    totalReviews: number;
    totalTimeMs: number;
    reviewSummary: string;
    timeSummary: string;
  };
  forecast: {
    labels: string[];
    ticks: Tick[];
    learning: ArrayLike<number>;
    review: ArrayLike<number>;
    tomorrow: number;
    week: number;
    month: number;
    summary: string;
  };
  retention: {
    target: number;
    daily: RetentionPoint[];
    dailyLabels: string[];
    dailyTicks: Tick[];
    dailySummary: string;
    weekly: RetentionPoint[];
    weeklyLabels: string[];
    weeklyTicks: Tick[];
    weeklySummary: string;
    yearRetention: number | null;
  };
  states: StateCounts & { total: number };
  decks: { deck: DeckRow; progress: DeckProgress }[];
  hardest: (HardCard & { deckTitle: string })[];
}

export interface Tick {
  index: number;
  label: string;
}

function retentionSentence(what: string, r: { reviews: number; passed: number; retention: number | null }, target: number): string {
  if (r.retention === null) return `No reviews of cards in review state ${what}; desired retention ${percent(target)}.`;
  return `True retention ${what}: ${percent(r.retention)} (${r.passed.toLocaleString()} of ${plural(r.reviews, 'review')} recalled); desired retention ${percent(target)}.`;
}

export function statsView(r: StatsReport): StatsView {
  const days = r.year.range;
  const today = days.count - 1;
  const recentFrom = Math.max(0, days.count - RECENT_DAYS);

  // Heatmap and streaks
  const map = heatmap(days, r.year.reviews, today);
  const heatSummary =
    `Reviews on ${map.activeDays} of the last ${days.count} days, ${plural(map.total, 'review')} in all.` +
    (map.busiest ? ` Busiest day: ${shortDate(map.busiest.date)} with ${plural(map.busiest.count, 'review')}.` : '') +
    ` Current streak ${plural(r.streaks.current, 'day')}, longest ${plural(r.streaks.longest, 'day')}.`;

  // Last 30 days
  const recentLabels: string[] = [];
  const recentTicks: Tick[] = [];
  const minutes: number[] = [];
  for (let i = recentFrom; i <= today; i++) {
    const k = i - recentFrom;
    recentLabels.push(shortDate(days.dates[i]));
    minutes.push(r.year.timeMs[i] / 60_000);
    if ((today - i) % 7 === 0) recentTicks.push({ index: k, label: i === today ? 'Today' : dayMonth(days.dates[i]) });
  }
  const recentReviews = r.year.reviews.subarray(recentFrom, today + 1);
  const totalRecent = sum(recentReviews);
  const recentActive = Array.from(recentReviews).filter((c) => c > 0).length;
  const totalTimeMs = sum(r.year.timeMs, recentFrom, today + 1);
  const span = today + 1 - recentFrom;

  // Forecast
  const f = r.forecast;
  const fLabels = f.range.dates.map((d, i) => (i === 0 ? `Today (${shortDate(d)})` : shortDate(d)));
  const fTicks: Tick[] = [];
  for (let i = 0; i < f.range.count; i += 7) fTicks.push({ index: i, label: i === 0 ? 'Today' : dayMonth(f.range.dates[i]) });
  const dueOn = (i: number) => (i < f.range.count ? f.total(i) : 0);
  let week = 0;
  let month = 0;
  for (let i = 0; i < f.range.count; i++) {
    if (i < 7) week += dueOn(i);
    month += dueOn(i);
  }

  // Retention
  const daily = retentionByDay(r.year, recentFrom, today + 1);
  const weekly = retentionByWeek(r.year, 0, today + 1);
  const overall30 = overallRetention(daily);
  const overallYear = overallRetention(weekly);
  const weeklyTicks: Tick[] = [];
  // Every 13 weeks back from this one (the oldest week gets no label: it would touch the y axis).
  for (let i = weekly.length - 1; i > 2; i -= 13) weeklyTicks.unshift({ index: i, label: dayMonth(weekly[i].date) });

  // Cards
  const s = r.cards.states;
  const titles = new Map(r.decks.map((d) => [d.id, d.title]));
  const decks = r.decks
    .filter((d) => !d.hidden)
    .map((deck) => ({ deck, progress: r.cards.decks.get(deck.id) ?? { total: 0, seen: 0, mature: 0 } }))
    .filter((d) => d.progress.total > 0);

  return {
    key: {
      currentStreak: r.streaks.current,
      longestStreak: r.streaks.longest,
      reviewsToday: r.year.reviews[today] ?? 0,
      totalReviews: r.totalReviews,
      activeDays: map.activeDays,
      yearDays: days.count,
      dueToday: dueOn(0),
      retention30: overall30.retention
    },
    heatmap: { map, today, summary: heatSummary },
    recent: {
      labels: recentLabels,
      ticks: recentTicks,
      reviews: recentReviews,
      minutes,
      totalReviews: totalRecent,
      totalTimeMs,
      reviewSummary: `${plural(totalRecent, 'review')} in the last ${span} days, on ${plural(recentActive, 'day')}; ${Math.round(totalRecent / span).toLocaleString()} per day on average. Today: ${(r.year.reviews[today] ?? 0).toLocaleString()}.`,
      timeSummary: `${formatDuration(totalTimeMs)} of study in the last ${span} days; ${formatDuration(totalTimeMs / span)} per day on average. Today: ${formatDuration(r.year.timeMs[today] ?? 0)}.`
    },
    forecast: {
      labels: fLabels,
      ticks: fTicks,
      learning: f.learning,
      review: f.review,
      tomorrow: dueOn(1),
      week,
      month,
      summary: `${plural(dueOn(0), 'card')} due today (overdue included), ${dueOn(1).toLocaleString()} tomorrow, ${week.toLocaleString()} in the next 7 days and ${month.toLocaleString()} in the next ${FORECAST_DAYS} days.`
    },
    retention: {
      target: r.desiredRetention,
      daily,
      dailyLabels: recentLabels,
      dailyTicks: recentTicks,
      dailySummary: retentionSentence(`in the last ${span} days`, overall30, r.desiredRetention),
      weekly,
      weeklyLabels: weekly.map((p) => `Week of ${shortDate(p.date)}`),
      weeklyTicks,
      weeklySummary: retentionSentence(`by week over the last ${weekly.length} weeks`, overallYear, r.desiredRetention),
      yearRetention: overallYear.retention
    },
    states: { ...s, total: s.new + s.learning + s.review + s.relearning + s.suspended },
    decks,
    hardest: r.cards.hardest.map((c) => ({ ...c, deckTitle: titles.get(c.deckId) ?? c.deckId }))
  };
}
