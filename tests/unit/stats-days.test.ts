import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studyDayStart } from '../../src/lib/srs/day';
import { dayIndex, mondayOffset, shiftStudyDay, studyDays, weekdayMonday } from '../../src/lib/stats/days';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const HOUR = 3600_000;

describe('study day ranges with a 04:00 rollover', () => {
  const now = local(2026, 3, 10, 15);

  it('starts each day at the rollover hour and ends with today', () => {
    const r = studyDays(now, 4, -2, 3);
    expect(r.starts).toEqual([local(2026, 3, 8, 4), local(2026, 3, 9, 4), local(2026, 3, 10, 4), local(2026, 3, 11, 4)]);
    expect(r.dates).toEqual([local(2026, 3, 8, 0), local(2026, 3, 9, 0), local(2026, 3, 10, 0)]);
  });

  it('puts 03:59 in the previous day and 04:00 in the next', () => {
    const r = studyDays(now, 4, -2, 3);
    expect(dayIndex(r, local(2026, 3, 10, 3, 59))).toBe(1);
    expect(dayIndex(r, local(2026, 3, 10, 4))).toBe(2);
    expect(dayIndex(r, local(2026, 3, 11, 3, 59))).toBe(2);
    expect(dayIndex(r, local(2026, 3, 11, 4))).toBe(-1);
    expect(dayIndex(r, local(2026, 3, 8, 3, 59))).toBe(-1);
  });

  it('before 04:00 today is still yesterday’s study day', () => {
    const r = studyDays(local(2026, 3, 10, 2), 4, 0, 1);
    expect(r.starts[0]).toBe(local(2026, 3, 9, 4));
  });

  it('knows weekdays and the Monday that starts a week', () => {
    // 10 March 2026 is a Tuesday.
    const first = mondayOffset(now, 4, 1);
    expect(first).toBe(-8);
    const r = studyDays(now, 4, first, 9);
    expect(new Date(r.dates[0]).getDay()).toBe(1);
    expect(weekdayMonday(r, 0)).toBe(0);
    expect(weekdayMonday(r, 8)).toBe(1);
    // Before 04:00 on a Monday it is still Sunday's study day: the week started six days earlier.
    expect(mondayOffset(local(2026, 3, 9, 3), 4, 0)).toBe(-6);
  });

  it('shifts by calendar days', () => {
    expect(shiftStudyDay(local(2026, 3, 1, 4), -1, 4)).toBe(local(2026, 2, 28, 4));
    expect(shiftStudyDay(local(2026, 12, 31, 4), 1, 4)).toBe(local(2027, 1, 1, 4));
  });
});

describe('study days across a daylight-saving change (Europe/Berlin)', () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  it('has a 23-hour and a 25-hour day and buckets every hour like studyDayStart', () => {
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    for (const [y, m, d] of [
      [2026, 3, 29],
      [2026, 10, 25]
    ]) {
      const now = local(y, m, d + 3, 12);
      const r = studyDays(now, 4, -8, 9);
      const lengths = r.starts.slice(1).map((s, i) => (s - r.starts[i]) / HOUR);
      expect(lengths).toContain(m === 3 ? 23 : 25);
      for (let t = r.starts[0]; t < r.starts[r.count]; t += HOUR / 2) {
        expect(r.starts[dayIndex(r, t)]).toBe(studyDayStart(t, 4));
      }
    }
  });
});
