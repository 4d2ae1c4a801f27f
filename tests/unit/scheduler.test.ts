import { describe, expect, it } from 'vitest';
import { Rating, State } from 'ts-fsrs';
import { createScheduler, formatInterval, fromFsrsCard, newSchedule, previewGrades, toFsrsCard } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';

const now = Date.UTC(2026, 0, 10, 12);
const MIN = 60_000;
const DAY = 86_400_000;

describe('scheduler wrapper', () => {
  const scheduler = createScheduler(DEFAULT_SETTINGS);

  it('uses retention 0.9, fuzz on and short-term steps 1m 10m by default', () => {
    expect(scheduler.parameters.request_retention).toBe(0.9);
    expect(scheduler.parameters.enable_fuzz).toBe(true);
    expect(scheduler.parameters.enable_short_term).toBe(true);
    expect(scheduler.parameters.learning_steps).toEqual(['1m', '10m']);
    expect(scheduler.parameters.relearning_steps).toEqual(['10m']);
  });

  it('previews a new card as Again 1m, Hard 6m, Good 10m, Easy in days', () => {
    const p = previewGrades(scheduler, newSchedule(now), now);
    expect(p[Rating.Again].due - now).toBe(1 * MIN);
    expect(p[Rating.Hard].due - now).toBe(6 * MIN);
    expect(p[Rating.Good].due - now).toBe(10 * MIN);
    expect(p[Rating.Easy].due - now).toBeGreaterThanOrEqual(DAY);
    expect(p[Rating.Good].state).toBe(State.Learning);
    expect(p[Rating.Easy].state).toBe(State.Review);
  });

  it('round-trips a schedule through the ts-fsrs card shape', () => {
    const s = fromFsrsCard(scheduler.next(toFsrsCard(newSchedule(now)), new Date(now), Rating.Good).card);
    expect(fromFsrsCard(toFsrsCard(s))).toEqual(s);
    expect(s.lastReview).toBe(now);
  });

  it('higher desired retention gives shorter review intervals', () => {
    const strict = createScheduler({ ...DEFAULT_SETTINGS, desiredRetention: 0.97 });
    const loose = createScheduler({ ...DEFAULT_SETTINGS, desiredRetention: 0.8 });
    const reviewed = fromFsrsCard(loose.next(toFsrsCard(newSchedule(now)), new Date(now), Rating.Easy).card);
    const later = reviewed.due;
    expect(previewGrades(strict, reviewed, later)[Rating.Good].due).toBeLessThan(previewGrades(loose, reviewed, later)[Rating.Good].due);
  });

  it('fuzz spreads cards answered alike over different days', () => {
    // Cards with different histories arriving at long intervals should not all land on one day.
    const dues = new Set<number>();
    for (let i = 0; i < 20; i++) {
      let s = newSchedule(now);
      let t = now + i * 1000;
      for (let k = 0; k < 4; k++) {
        s = fromFsrsCard(scheduler.next(toFsrsCard(s), new Date(t), Rating.Easy).card);
        t = s.due;
      }
      dues.add(Math.round((s.due - t) / DAY) + Math.floor((t - now) / DAY));
    }
    expect(dues.size).toBeGreaterThan(1);
  });
});

describe('formatInterval', () => {
  it.each([
    [30_000, '1m'],
    [MIN, '1m'],
    [10 * MIN, '10m'],
    [90 * MIN, '2h'],
    [DAY, '1d'],
    [4 * DAY, '4d'],
    [45 * DAY, '1.5mo'],
    [400 * DAY, '1.1y'],
    [3650 * DAY, '10y']
  ])('%d ms -> %s', (ms, label) => expect(formatInterval(ms)).toBe(label));
});
