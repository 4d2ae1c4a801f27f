import { describe, expect, it } from 'vitest';
import { StreakCounter, streaks } from '../../src/lib/stats/streak';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const now = local(2026, 3, 10, 15);
/** Two answers at 09:00 and 21:00 on each given day of March 2026. */
const days = (...ds: number[]) => ds.flatMap((d) => [local(2026, 3, d, 9), local(2026, 3, d, 21)]);

describe('study streaks', () => {
  it('is zero without reviews', () => {
    expect(streaks([], now, 4)).toEqual({ current: 0, longest: 0, lastDay: null });
  });

  it('counts consecutive days up to today', () => {
    expect(streaks(days(6, 7, 8, 9, 10), now, 4)).toMatchObject({ current: 5, longest: 5 });
  });

  it('keeps the streak while today has no reviews yet', () => {
    expect(streaks(days(7, 8, 9), now, 4)).toMatchObject({ current: 3, longest: 3 });
  });

  it('is broken after a day without reviews', () => {
    expect(streaks(days(5, 6, 7, 8), now, 4)).toMatchObject({ current: 0, longest: 4 });
  });

  it('remembers the longest run across gaps', () => {
    expect(streaks(days(1, 2, 3, 4, 6, 8, 9, 10), now, 4)).toMatchObject({ current: 3, longest: 4 });
  });

  it('counts an answer at 03:00 for the previous study day', () => {
    // 9 March 22:00 and 10 March 03:00 are one study day; 10 March 05:00 is the next.
    expect(streaks([local(2026, 3, 9, 22), local(2026, 3, 10, 3)], now, 4)).toMatchObject({ current: 1, longest: 1 });
    expect(streaks([local(2026, 3, 9, 22), local(2026, 3, 10, 3), local(2026, 3, 10, 5)], now, 4)).toMatchObject({ current: 2 });
    // At 02:00 on 11 March it is still 10 March's study day.
    expect(streaks(days(9, 10), local(2026, 3, 11, 2), 4)).toMatchObject({ current: 2 });
  });

  it('runs across month ends', () => {
    const times = [local(2026, 2, 27, 9), local(2026, 2, 28, 9), local(2026, 3, 1, 9), local(2026, 3, 2, 9)];
    expect(streaks(times, local(2026, 3, 2, 12), 4)).toMatchObject({ current: 4, longest: 4 });
  });

  it('rejects times out of order', () => {
    const counter = new StreakCounter(4);
    counter.add(local(2026, 3, 9, 9));
    counter.add(local(2026, 3, 9, 8)); // same study day: fine
    expect(() => counter.add(local(2026, 3, 8, 9))).toThrow(/ascending/);
  });
});
