const STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * A round axis maximum at or above `max` (never below `floor`). With `integer`, the maximum is
 * even, so the half-way grid line is a whole number too (counts of reviews or cards).
 */
export function niceMax(max: number, { floor = 1, integer = false } = {}): number {
  const m = Math.max(max, floor);
  const power = 10 ** Math.floor(Math.log10(m));
  for (const step of STEPS) {
    const candidate = step * power;
    if (candidate >= m && (!integer || (Number.isInteger(candidate) && candidate % 2 === 0))) return candidate;
  }
  return integer ? Math.max(2, 20 * power) : 10 * power;
}
