/**
 * Easy days, as Anki 24.11+ (rslib/src/scheduler/states/load_balancer.rs): each weekday, Monday
 * first, has a share of the normal load on Anki's 0-1 scale: 1 Normal, 0.5 Reduced, 0 Minimum
 * (any value between 0 and 1 reads as Reduced, as Anki's `EasyDay::from`).
 */
export const EASY_DAY = { normal: 1, reduced: 0.5, minimum: 0 } as const;
export type EasyDayLevel = keyof typeof EASY_DAY;

/** Every weekday Normal: easy days change nothing. */
export const NORMAL_WEEK: readonly number[] = [1, 1, 1, 1, 1, 1, 1];

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function easyDayLevel(value: number): EasyDayLevel {
  return value >= 1 ? 'normal' : value <= 0 ? 'minimum' : 'reduced';
}

/** Seven numbers from 0 to 1, or a message saying what is wrong. */
export function easyDaysProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== 7) return 'Easy days need one setting for each of the 7 weekdays.';
  if (!value.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) return 'Each easy-day setting is a share of the normal load from 0 to 1.';
  return null;
}

/**
 * For each candidate day (its weekday and the cards already due on it) whether it may take the
 * card: 1 yes, 0 no. Normal days always may, Minimum days never; a Reduced day may while its load,
 * doubled, stays at or below the average load of the other days per unit of their share (Anki's
 * `calculate_easy_days_modifiers`). When no day may, every day may: a week set all to Minimum or
 * Reduced balances like a Normal one (Anki: "setting all days to Reduced or Minimum will result in
 * the same workload as setting all days to Normal").
 */
export function easyDayModifiers(week: readonly number[], weekdays: readonly number[], counts: readonly number[]): number[] {
  const level = weekdays.map((d) => easyDayLevel(week[d] ?? 1));
  const share: number[] = level.map((l) => EASY_DAY[l]);
  const totalCount = counts.reduce((a, b) => a + b, 0);
  const totalShare = share.reduce((a, b) => a + b, 0);
  const open = level.map((l, i) => {
    if (l !== 'reduced') return l === 'normal' ? 1 : 0;
    const othersShare = totalShare - EASY_DAY.reduced;
    if (othersShare <= 0) return 1;
    const threshold = (totalCount - counts[i]) / othersShare;
    return counts[i] / EASY_DAY.reduced > threshold ? 0 : 1;
  });
  return open.some((o) => o > 0) ? open : open.map(() => 1);
}
