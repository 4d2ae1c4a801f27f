import { describe, expect, it } from 'vitest';
import { Queue } from '../../src/lib/db/schema';
import { studyDays } from '../../src/lib/stats/days';
import { forecast } from '../../src/lib/stats/forecast';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const now = local(2026, 3, 10, 15);
const range = studyDays(now, 4, 0, 30);

describe('due forecast', () => {
  it('counts overdue cards today and splits the days at 04:00', () => {
    const f = forecast(
      [
        { queue: Queue.Review, due: local(2025, 12, 1, 9) }, // long overdue
        { queue: Queue.Review, due: local(2026, 3, 10, 3) }, // before today's study day began
        { queue: Queue.Review, due: local(2026, 3, 11, 3, 59) }, // still today's study day
        { queue: Queue.Review, due: local(2026, 3, 11, 4) }, // tomorrow
        { queue: Queue.Learning, due: local(2026, 3, 10, 22) }, // later today
        { queue: Queue.Learning, due: local(2026, 3, 11, 9) } // tomorrow
      ],
      range
    );
    expect([f.review[0], f.learning[0], f.total(0)]).toEqual([3, 1, 4]);
    expect([f.review[1], f.learning[1]]).toEqual([1, 1]);
  });

  it('leaves out new, suspended and retired cards and cards due after the last day', () => {
    const f = forecast(
      [
        { queue: Queue.New, due: local(2026, 3, 1, 0) },
        { queue: Queue.Suspended, due: local(2026, 3, 1, 0) },
        { queue: Queue.Retired, due: local(2026, 3, 1, 0) },
        { queue: Queue.Review, due: local(2026, 4, 9, 3, 59) }, // day 29: the last one
        { queue: Queue.Review, due: local(2026, 4, 9, 4) } // day 30: outside
      ],
      range
    );
    expect(Array.from(f.review).reduce((a, b) => a + b)).toBe(1);
    expect(f.review[29]).toBe(1);
    expect(Array.from(f.learning).every((c) => c === 0)).toBe(true);
  });

  it('counts buried cards on the day they come back, but not buried new cards', () => {
    const tomorrow = local(2026, 3, 11, 4);
    const f = forecast(
      [
        { queue: Queue.Buried, state: 2, due: local(2026, 3, 9, 10), buriedUntil: tomorrow },
        { queue: Queue.Buried, state: 3, due: local(2026, 3, 13, 10), buriedUntil: tomorrow },
        { queue: Queue.Buried, state: 0, due: local(2026, 3, 9, 10), buriedUntil: tomorrow }
      ],
      range
    );
    expect(f.total(0)).toBe(0);
    expect(f.review[1]).toBe(1);
    expect(f.learning[3]).toBe(1);
  });
});
