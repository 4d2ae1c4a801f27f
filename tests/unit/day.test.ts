import { describe, expect, it } from 'vitest';
import { nextStudyDayStart, studyDayStart } from '../../src/lib/srs/day';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('study day with a 04:00 rollover', () => {
  it('a time after 04:00 belongs to the same calendar day', () => {
    expect(studyDayStart(local(2026, 3, 10, 15), 4)).toBe(local(2026, 3, 10, 4));
    expect(nextStudyDayStart(local(2026, 3, 10, 15), 4)).toBe(local(2026, 3, 11, 4));
  });
  it('a time before 04:00 still belongs to the previous day', () => {
    expect(studyDayStart(local(2026, 3, 10, 3, 59), 4)).toBe(local(2026, 3, 9, 4));
    expect(nextStudyDayStart(local(2026, 3, 10, 3, 59), 4)).toBe(local(2026, 3, 10, 4));
  });
  it('04:00 exactly starts a new day', () => {
    expect(studyDayStart(local(2026, 3, 10, 4), 4)).toBe(local(2026, 3, 10, 4));
  });
  it('crosses month and year ends', () => {
    expect(studyDayStart(local(2027, 1, 1, 1), 4)).toBe(local(2026, 12, 31, 4));
  });
  it('a midnight rollover gives calendar days', () => {
    expect(studyDayStart(local(2026, 3, 10, 0, 30), 0)).toBe(local(2026, 3, 10, 0));
  });
});
