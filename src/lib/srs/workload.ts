/**
 * How desired retention drives the review load. With FSRS's forgetting curve
 * R(t) = (1 + FACTOR * t / S) ^ DECAY, the interval that lands on retention r is
 * I(r) = S / FACTOR * (r^(1/DECAY) - 1): proportional to g(r) = r^(1/DECAY) - 1 for every card.
 * Reviews per day are therefore ~ 1 / g(r), plus the relearning a lapse (rate 1 - r) brings.
 */
export const DEFAULT_DECAY = -0.1542;

export function intervalFactor(retention: number, decay = DEFAULT_DECAY): number {
  return Math.pow(retention, 1 / decay) - 1;
}

/** Review load at `retention` relative to `reference` (1.3 = 30% more reviews). */
export function relativeWorkload(retention: number, reference = 0.9, decay = DEFAULT_DECAY, relearnCost = 1): number {
  const load = (r: number) => (1 + relearnCost * (1 - r)) / intervalFactor(r, decay);
  return load(retention) / load(reference);
}

/**
 * Expected reviews per day at `retention` for cards with these stabilities (days):
 * each card comes back every I = S / factor * g(r) days.
 */
export function dailyReviews(stabilities: Iterable<number>, retention: number, decay = DEFAULT_DECAY): number {
  const factor = Math.pow(0.9, 1 / decay) - 1;
  const g = intervalFactor(retention, decay);
  let perDay = 0;
  for (const s of stabilities) {
    if (s > 0) perDay += 1 / Math.max(1, (s / factor) * g);
  }
  return perDay * (1 + (1 - retention));
}
