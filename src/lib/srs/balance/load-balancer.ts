import { easyDayModifiers } from './easy-days';

/** Intervals longer than this are not balanced: a card sent that far out adds little to any one day (Anki's MAX_LOAD_BALANCE_INTERVAL). */
export const MAX_BALANCED_INTERVAL = 90;

/** One day the fuzz range allows: the interval in days, the cards already due that day, its weekday (Monday = 0). */
export interface Candidate {
  days: number;
  count: number;
  weekday: number;
}

/**
 * Anki's weight of a day (rslib `select_weighted_interval`): an empty day weighs 1; otherwise
 * (1/count)^2.15 × (1/interval)^3, the second factor leaning towards the earlier days, which
 * otherwise lose to the dip that always follows today's graduates. Times the easy-day modifier.
 */
export function dayWeight(c: Candidate, easyModifier: number): number {
  const base = c.count === 0 ? 1 : Math.pow(1 / c.count, 2.15) * Math.pow(1 / c.days, 3);
  return base * easyModifier;
}

/**
 * The day to schedule on: a weighted random choice among the candidates, `u` uniform in [0, 1).
 * Returns null when every candidate weighs the same (nothing to balance): the caller keeps the
 * plain fuzz, so with an empty calendar and Normal weeks balancing changes nothing.
 */
export function chooseInterval(candidates: readonly Candidate[], week: readonly number[], u: number): number | null {
  if (candidates.length < 2) return null;
  const modifiers = easyDayModifiers(
    week,
    candidates.map((c) => c.weekday),
    candidates.map((c) => c.count)
  );
  const weights = candidates.map((c, i) => dayWeight(c, modifiers[i]));
  if (weights.every((w) => w === weights[0])) return null;
  const total = weights.reduce((a, b) => a + b, 0);
  let target = u * total;
  for (let i = 0; i < candidates.length; i++) {
    target -= weights[i];
    if (target < 0 && weights[i] > 0) return candidates[i].days;
  }
  // Rounding left `target` at or just above 0: the last day that may take the card.
  for (let i = candidates.length - 1; i >= 0; i--) if (weights[i] > 0) return candidates[i].days;
  return null;
}

/**
 * A number in [0, 1) from a seed string (cyrb53, a 53-bit string hash): ts-fsrs' own fuzz seed
 * (review time, reps, difficulty × stability) makes the choice repeatable for the same answer.
 */
export function seededUniform(seed: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < seed.length; i++) {
    const ch = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53;
}
