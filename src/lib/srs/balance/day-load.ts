import { read, request, type Readable } from '../../db/raw';
import { Queue, type QueueValue } from '../../db/schema';
import { CardIndex, Store } from '../../db/stores';
import { dayIndex, studyDays, weekdayMonday, type DayRange } from '../day-range';
import { MAX_BALANCED_INTERVAL } from './load-balancer';

/**
 * Days counted ahead: the longest balanced interval plus its fuzz, plus a margin (Anki keeps
 * 90 × 1.1 days for the same reason).
 */
export const LOAD_DAYS = Math.floor(MAX_BALANCED_INTERVAL * 1.1) + 1;

/** Whether a card in this queue is due on a day of the calendar (learning and review cards). */
export const countsTowardLoad = (queue: number) => queue === Queue.Learning || queue === Queue.Review;

/**
 * Cards due on each study day from today over the whole collection (all decks share one set of
 * study settings, the app's one "preset", and Anki balances per preset). Built from index counts
 * once, then followed answer by answer (`move`), like the study header's tally.
 */
export class DayLoad {
  readonly counts: Int32Array;

  constructor(
    readonly range: DayRange,
    counts?: ArrayLike<number>
  ) {
    this.counts = new Int32Array(range.count);
    if (counts) this.counts.set(counts);
  }

  /** The day (index into the range) holding time `t`, or -1 outside it. */
  dayOf(t: number): number {
    return dayIndex(this.range, t);
  }

  /** Weekday of day i, Monday = 0. */
  weekday(i: number): number {
    return weekdayMonday(this.range, i);
  }

  /** True while `now` is in the range's first day (the counts are about today's calendar). */
  isToday(now: number, rolloverHour: number): boolean {
    return this.range.rolloverHour === rolloverHour && this.dayOf(now) === 0;
  }

  /** An answered card left `before` (if it was counted) for `after`. */
  move(before: { due: number; queue: number } | null, after: { due: number; queue: number } | null): void {
    const from = before && countsTowardLoad(before.queue) ? this.dayOf(before.due) : -1;
    const to = after && countsTowardLoad(after.queue) ? this.dayOf(after.due) : -1;
    if (from > 0 && this.counts[from] > 0) this.counts[from]--;
    if (to > 0) this.counts[to]++;
  }
}

const byQueueDue = (queue: QueueValue, from: number, to: number) => IDBKeyRange.bound([queue, from], [queue, to], false, true);

/**
 * The load of the next LOAD_DAYS study days: two index counts per day over `[queue+due]`
 * (learning and review), all requested at once in one read transaction; no row is loaded.
 * Day 0 (today) is left at 0: no interval lands there.
 */
export function readDayLoad(db: Readable, now: number, rolloverHour: number, days = LOAD_DAYS): Promise<DayLoad> {
  const range = studyDays(now, rolloverHour, 0, days);
  return read(db, [Store.cards], async (tx) => {
    const index = tx.objectStore(Store.cards).index(CardIndex.queueDue);
    const requests: Promise<number>[] = [];
    for (let i = 1; i < days; i++) {
      for (const queue of [Queue.Learning, Queue.Review]) requests.push(request(index.count(byQueueDue(queue, range.starts[i], range.starts[i + 1]))));
    }
    const counts = await Promise.all(requests);
    const load = new DayLoad(range);
    for (let i = 1; i < days; i++) load.counts[i] = counts[2 * (i - 1)] + counts[2 * (i - 1) + 1];
    return load;
  });
}
