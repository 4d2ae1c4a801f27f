import Dexie from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { Queue, type DeckRow, type ReviewLogRow } from '../db/schema';
import { nextStudyDayStart } from '../srs/day';
import { loadSettings } from '../srs/settings-store';
import { CardTally, type CardStats } from './cards';
import { DailyTotals } from './daily';
import { mondayOffset, studyDays } from './days';
import { Forecast } from './forecast';
import { StreakCounter, type Streaks } from './streak';
import { CardIndex, DeckIndex, LogIndex } from '../db/stores';

/** Days shown by the per-day charts and the forecast. */
export const RECENT_DAYS = 30;
export const FORECAST_DAYS = 30;
/** Full weeks before this one in the heatmap (52 + the current week = a year). */
export const HEATMAP_WEEKS = 52;

export interface StatsReport {
  now: number;
  desiredRetention: number;
  rolloverHour: number;
  /** All answers ever given. */
  totalReviews: number;
  /** Per-day totals from the Monday 52 weeks ago up to today (the last day of the range). */
  year: DailyTotals;
  streaks: Streaks;
  forecast: Forecast;
  cards: CardStats;
  decks: DeckRow[];
}

/**
 * Calls `fn` for every log answered at or after starts[0], in time order, through the `review`
 * index (`starts`: day starts, so windows follow study days). Rows are read a study week at a time, so memory holds at most one week of logs
 * however long the history is (a cursor step per row was 2-3 times slower in Chromium with 500k logs).
 */
async function eachLogSince(db: FlashcardDatabase, starts: number[], fn: (log: ReviewLogRow) => void, onProgress?: (fraction: number) => void): Promise<void> {
  for (let i = 0; i < starts.length; i += 7) {
    const from = starts[i];
    const to = i + 7 < starts.length ? starts[i + 7] : Infinity;
    const rows = await db.reviewLogs.where(LogIndex.review).between(from, to, true, false).toArray();
    for (const row of rows) fn(row);
    onProgress?.(Math.min(1, (i + 7) / starts.length));
  }
}

/**
 * Calls `fn` with the first answer time of every study day with answers before `end`: one
 * index lookup per such day that jumps to the next day, so a day's other answers are never read.
 */
async function eachActiveDay(db: FlashcardDatabase, end: number, rolloverHour: number, fn: (first: number) => void): Promise<void> {
  let from = -Infinity;
  for (;;) {
    const [first] = (await db.reviewLogs.where(LogIndex.review).between(from, end, true, false).limit(1).keys()) as number[];
    if (first === undefined) return;
    fn(first);
    from = nextStudyDayStart(first, rolloverHour);
  }
}

/**
 * Everything the statistics page shows, read through indexes. `onProgress` hears how much of
 * the last year's history has been read (0…1), for a progress bar on long histories.
 */
export async function loadStats(db: FlashcardDatabase, now = Date.now(), onProgress?: (fraction: number) => void): Promise<StatsReport> {
  const settings = await loadSettings(db);
  const rollover = settings.rolloverHour;

  // Review history. Answers older than the heatmap only matter for the longest streak, so only
  // the first answer of each older study day is looked up; the last year's rows are read once
  // and feed every per-day chart at the same time.
  const first = mondayOffset(now, rollover, HEATMAP_WEEKS);
  const year = new DailyTotals(studyDays(now, rollover, first, 1 - first));
  const streak = new StreakCounter(rollover);
  const yearStart = year.range.starts[0];
  await eachActiveDay(db, yearStart, rollover, (t) => streak.add(t));
  await eachLogSince(
    db,
    year.range.starts.slice(0, -1),
    (log) => {
      streak.add(log.review);
      year.add(log);
    },
    onProgress
  );
  const totalReviews = await db.reviewLogs.count();

  // Cards: new cards are only counted (index), the others are read once for the card
  // statistics and the forecast together.
  const decks = await db.decks.orderBy(DeckIndex.position).toArray();
  const tally = new CardTally(10);
  const forecast = new Forecast(studyDays(now, rollover, 0, FORECAST_DAYS));
  for (const deck of decks) {
    tally.addNew(deck.id, await db.cards.where(CardIndex.deckQueueDue).between([deck.id, Queue.New, Dexie.minKey], [deck.id, Queue.New, Dexie.maxKey]).count());
  }
  for (const queue of [Queue.Learning, Queue.Review, Queue.Suspended, Queue.Buried]) {
    await db.cards
      .where(CardIndex.queueDue)
      .between([queue, Dexie.minKey], [queue, Dexie.maxKey])
      .each((card) => {
        tally.add(card);
        forecast.add(card);
      });
  }

  return {
    now,
    desiredRetention: settings.desiredRetention,
    rolloverHour: rollover,
    totalReviews,
    year,
    streaks: streak.result(now),
    forecast,
    cards: tally.result(),
    decks
  };
}
