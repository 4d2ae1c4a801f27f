import { describe, expect, it } from 'vitest';
import { easyDayModifiers, NORMAL_WEEK } from '../../src/lib/srs/balance/easy-days';
import { validateSettings } from '../../src/lib/srs/settings-validate';
import { DEFAULT_SETTINGS, studySettingsFrom } from '../../src/lib/srs/settings';
import { chooseInterval, dayWeight, seededUniform, type Candidate } from '../../src/lib/srs/balance/load-balancer';

/** Candidates for days first..first+counts.length-1, weekdays from `weekday0` on. */
function days(first: number, counts: number[], weekday0 = 0): Candidate[] {
  return counts.map((count, i) => ({ days: first + i, count, weekday: (weekday0 + i) % 7 }));
}

/** How often each interval is chosen over `n` evenly spread random numbers. */
function histogram(candidates: Candidate[], week: readonly number[], n = 2000): Map<number, number> {
  const seen = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const chosen = chooseInterval(candidates, week, (k + 0.5) / n);
    if (chosen !== null) seen.set(chosen, (seen.get(chosen) ?? 0) + 1);
  }
  return seen;
}

describe('load balancer: the choice among the fuzz range (Anki 24.11)', () => {
  it('weighs a day as Anki does: 1 when empty, else (1/count)^2.15 × (1/interval)^3', () => {
    expect(dayWeight({ days: 10, count: 0, weekday: 0 }, 1)).toBe(1);
    expect(dayWeight({ days: 10, count: 4, weekday: 0 }, 1)).toBeCloseTo(Math.pow(0.25, 2.15) / 1000, 12);
    expect(dayWeight({ days: 10, count: 4, weekday: 0 }, 0)).toBe(0);
  });

  it('always picks one of the candidate days', () => {
    for (let seed = 0; seed < 500; seed++) {
      const u = seededUniform(`s${seed}`);
      const counts = Array.from({ length: 2 + (seed % 9) }, (_, i) => (seed * 7 + i * 13) % 40);
      const candidates = days(5 + (seed % 30), counts, seed % 7);
      const chosen = chooseInterval(candidates, [1, 0.5, 1, 0, 1, 0.5, 0], u);
      if (chosen !== null) expect(candidates.map((c) => c.days)).toContain(chosen);
    }
  });

  it('prefers emptier days: an empty day wins over loaded ones, and lighter days over heavier ones', () => {
    const empty = histogram(days(20, [30, 30, 0, 30, 30]), NORMAL_WEEK);
    expect(empty.get(22)).toBeGreaterThan(1990);
    const lighter = histogram(days(20, [40, 10, 40]), NORMAL_WEEK);
    expect(lighter.get(21)!).toBeGreaterThan(5 * ((lighter.get(20) ?? 0) + (lighter.get(22) ?? 0)));
  });

  it('leans to the earlier of two equally loaded days (the interval factor)', () => {
    const seen = histogram(days(5, [10, 10]), NORMAL_WEEK);
    expect(seen.get(5)!).toBeGreaterThan(seen.get(6)!);
  });

  it('returns null when every day weighs the same, so the plain fuzz stands', () => {
    expect(chooseInterval(days(10, [0, 0, 0]), NORMAL_WEEK, 0.3)).toBeNull();
    expect(chooseInterval(days(10, [5]), NORMAL_WEEK, 0.3)).toBeNull();
  });

  it('is deterministic: the same random number gives the same day, and the seed gives the same number', () => {
    const candidates = days(12, [8, 3, 9, 4, 7]);
    for (let k = 0; k < 50; k++) {
      const u = seededUniform(`1767960000000_${k}_12.5`);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(seededUniform(`1767960000000_${k}_12.5`)).toBe(u);
      expect(chooseInterval(candidates, NORMAL_WEEK, u)).toBe(chooseInterval(candidates, NORMAL_WEEK, u));
    }
  });
});

describe('easy days', () => {
  // Candidates Friday (4) to Tuesday (1): Saturday and Sunday are days 21 and 22.
  const weekend = days(20, [10, 0, 0, 10, 10], 4);
  const lightWeekend = [1, 1, 1, 1, 1, 0, 0];

  it('a weekday at Minimum gets no card while another day in range may take it, however empty it is', () => {
    const seen = histogram(weekend, lightWeekend);
    expect(seen.get(21)).toBeUndefined();
    expect(seen.get(22)).toBeUndefined();
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    // Without easy days the empty weekend takes nearly everything.
    const normal = histogram(weekend, NORMAL_WEEK);
    expect((normal.get(21) ?? 0) + (normal.get(22) ?? 0)).toBeGreaterThan(1990);
  });

  it('when every day in range is at Minimum (or Reduced), they balance as if Normal', () => {
    expect(easyDayModifiers([0, 0, 0, 0, 0, 0, 0], [0, 1, 2], [5, 0, 5])).toEqual([1, 1, 1]);
    // A range of only Saturday and Sunday, both at Minimum: the empty Sunday still wins.
    expect(histogram(days(20, [10, 0], 5), lightWeekend).get(21)).toBeGreaterThan(1990);
  });

  it("a Reduced day takes cards only while its load is at most half the other days' (Anki's threshold)", () => {
    const reducedSaturday = [1, 1, 1, 1, 1, 0.5, 1];
    // Friday 10, Saturday 4, Sunday 10: 4 / 0.5 = 8 <= (20 / 2) = 10, so Saturday stays open.
    expect(easyDayModifiers(reducedSaturday, [4, 5, 6], [10, 4, 10])).toEqual([1, 1, 1]);
    // Saturday 6: 12 > 10, closed.
    expect(easyDayModifiers(reducedSaturday, [4, 5, 6], [10, 6, 10])).toEqual([1, 0, 1]);
  });

  it('Normal everywhere changes nothing', () => {
    expect(easyDayModifiers(NORMAL_WEEK, [0, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7])).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('are a study setting: on by default with a Normal week, validated when saved', () => {
    expect(studySettingsFrom(undefined)).toMatchObject({ loadBalancing: true, easyDays: [1, 1, 1, 1, 1, 1, 1] });
    // Settings stored before this version get the defaults.
    expect(studySettingsFrom({ value: { desiredRetention: 0.85 } })).toMatchObject({ desiredRetention: 0.85, loadBalancing: true });
    const form = {
      desiredRetention: DEFAULT_SETTINGS.desiredRetention,
      newPerDay: 20,
      reviewsPerDay: 200,
      learningSteps: '1m 10m',
      relearningSteps: '10m',
      maximumInterval: 36500,
      rolloverHour: 4
    };
    expect(validateSettings({ ...form, loadBalancing: false, easyDays: [1, 1, 1, 1, 1, 0.5, 0] })).toMatchObject({
      ok: true,
      value: { loadBalancing: false, easyDays: [1, 1, 1, 1, 1, 0.5, 0] }
    });
    expect(validateSettings({ ...form, easyDays: [1, 1, 1] })).toEqual({
      ok: false,
      errors: { easyDays: 'Easy days need one setting for each of the 7 weekdays.' }
    });
    expect(validateSettings({ ...form, easyDays: [1, 1, 1, 1, 1, 2, 0] })).toMatchObject({ ok: false });
  });
});
