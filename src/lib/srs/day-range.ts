import { studyDayStart } from './day';

/**
 * A run of consecutive study days. Day boundaries are built on the calendar (local date at the
 * rollover hour, the same construction as `studyDayStart`), never by adding 24 hours, so days
 * stay right across daylight-saving changes.
 */
export interface DayRange {
  /** starts[i] is when day i begins; starts[count] is when the last day ends. */
  readonly starts: number[];
  /** Local midnight of each day's calendar date (for labels and weekdays). */
  readonly dates: number[];
  readonly count: number;
  readonly rolloverHour: number;
}

/** Calendar date of a moment as [year, month, day] in local time. */
function ymd(t: number): [number, number, number] {
  const d = new Date(t);
  return [d.getFullYear(), d.getMonth(), d.getDate()];
}

/** Start of the study day `offset` days after the one that begins at `dayStart` (negative: before). */
export function shiftStudyDay(dayStart: number, offset: number, rolloverHour: number): number {
  const [y, m, d] = ymd(dayStart);
  return new Date(y, m, d + offset, rolloverHour).getTime();
}

/**
 * `count` study days starting `first` days from the day containing `now`
 * (first = 0: today; first = -29, count = 30: the last 30 days including today).
 */
export function studyDays(now: number, rolloverHour: number, first: number, count: number): DayRange {
  const [y, m, d] = ymd(studyDayStart(now, rolloverHour));
  const starts: number[] = [];
  const dates: number[] = [];
  for (let i = 0; i <= count; i++) {
    starts.push(new Date(y, m, d + first + i, rolloverHour).getTime());
    if (i < count) dates.push(new Date(y, m, d + first + i).getTime());
  }
  return { starts, dates, count, rolloverHour };
}

/** Index of the day containing `t`, or -1 when `t` is outside the range (binary search, no date maths). */
export function dayIndex(range: DayRange, t: number): number {
  const s = range.starts;
  if (!(t >= s[0]) || t >= s[range.count]) return -1;
  let lo = 0;
  let hi = range.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Weekday of day i, Monday = 0 … Sunday = 6. */
export function weekdayMonday(range: DayRange, i: number): number {
  return (new Date(range.dates[i]).getDay() + 6) % 7;
}

/** Offset (<= 0) of the Monday that starts the week containing the study day of `now`, `weeksBack` weeks ago. */
export function mondayOffset(now: number, rolloverHour: number, weeksBack: number): number {
  const todayDate = new Date(studyDayStart(now, rolloverHour));
  const weekday = (todayDate.getDay() + 6) % 7;
  return -(weekday + 7 * weeksBack);
}
