import { FSRSAlgorithm, generatorParameters, type Grade } from 'ts-fsrs';
import type { HistorySet } from './history';
import { P_EPS } from './model';

/** One scored review: what the model predicted, what happened, and the features RMSE (bins) groups by. */
export interface Prediction {
  p: number;
  y: number;
  deltaT: number;
  /** Reviews (answers a day or more after the previous one) so far, this one included; same-day steps do not count. */
  reviews: number;
  /** Earlier answers of Again given a day or more after the previous answer. */
  lapses: number;
}

export interface Fit {
  /** Mean log loss (binary cross-entropy) of predicted recall; lower is better. */
  logLoss: number;
  /** RMSE (bins) as in the FSRS benchmark, 0..1; lower is better. */
  rmseBins: number;
  /** Reviews scored. */
  count: number;
}

/** The algorithm exactly as the app's scheduler builds it (short-term on, same clipping). */
export function algorithmFor(weights: readonly number[] | null, numRelearningSteps: number): FSRSAlgorithm {
  return new FSRSAlgorithm(
    generatorParameters({
      enable_short_term: true,
      relearning_steps: Array.from({ length: numRelearningSteps }, () => '10m' as const),
      ...(weights ? { w: [...weights] } : {})
    })
  );
}

/** The weights ts-fsrs will really use for `weights` (after its migration and clipping). */
export function effectiveWeights(weights: readonly number[] | null, numRelearningSteps: number): number[] {
  return [...algorithmFor(weights, numRelearningSteps).parameters.w];
}

/**
 * Replays every sequence with ts-fsrs' own `next_state` and `forgetting_curve` and returns a
 * prediction for each review given a day or more after the previous one, from the moment
 * `from` on (earlier answers still shape the memory state; they are just not scored).
 */
export function predict(set: HistorySet, weights: readonly number[] | null, numRelearningSteps: number, from = -Infinity): Prediction[] {
  const algorithm = algorithmFor(weights, numRelearningSteps);
  const out: Prediction[] = [];
  let at = 0;
  for (const length of set.lengths) {
    let state: { stability: number; difficulty: number } | null = null;
    let lapses = 0;
    let reviews = 0;
    for (let j = 0; j < length; j++) {
      const g = set.ratings[at + j] as Grade;
      const t = set.deltas[at + j];
      if (state && t > 0) {
        reviews++;
        if (set.times[at + j] >= from) {
          const p = algorithm.forgetting_curve(t, state.stability);
          out.push({ p, y: g > 1 ? 1 : 0, deltaT: t, reviews, lapses });
        }
        if (g === 1) lapses++;
      }
      state = algorithm.next_state(state, j === 0 ? 0 : t, g);
    }
    at += length;
  }
  return out;
}

export function logLoss(predictions: readonly Prediction[]): number {
  if (predictions.length === 0) return NaN;
  let sum = 0;
  for (const { p, y } of predictions) {
    const q = Math.min(Math.max(p, P_EPS), 1 - P_EPS);
    sum -= y ? Math.log(q) : Math.log(1 - q);
  }
  return sum / predictions.length;
}

/**
 * The RMSE (bins) group of a review, exactly as fsrs-rs keys it (`FSRSItem::r_matrix_index`):
 * the interval, the number of reviews so far plus one, and the lapses before it, each on a
 * log scale. Same-day learning steps count in none of them.
 */
export function binKey({ deltaT, reviews, lapses }: Pick<Prediction, 'deltaT' | 'reviews' | 'lapses'>): string {
  const logFloor = (x: number, base: number) => Math.pow(base, Math.floor(Math.log(x) / Math.log(base)));
  const deltaBin = Math.round(2.48 * logFloor(deltaT, 3.62) * 100);
  const lengthBin = Math.round(1.99 * logFloor(reviews + 1, 1.89));
  const lapseBin = lapses === 0 ? 0 : Math.round(1.65 * logFloor(lapses, 1.73));
  return `${deltaBin}|${lengthBin}|${lapseBin}`;
}

/**
 * RMSE (bins) as fsrs-rs computes it (`rmse_bins`): in each group the mean prediction is
 * compared with the measured recall rate, and the squared differences are averaged weighted by
 * the group's weight (its size, unless per-review `weights` are given, as fsrs-rs' `evaluate`
 * weights recent reviews more).
 */
export function rmseBins(predictions: readonly Prediction[], weights?: readonly number[]): number {
  if (predictions.length === 0) return NaN;
  const groups = new Map<string, { n: number; p: number; y: number; w: number }>();
  predictions.forEach((pr, k) => {
    const key = binKey(pr);
    const g = groups.get(key) ?? { n: 0, p: 0, y: 0, w: 0 };
    g.n++;
    g.p += pr.p;
    g.y += pr.y;
    g.w += weights ? weights[k] : 1;
    groups.set(key, g);
  });
  let sum = 0;
  let total = 0;
  for (const g of groups.values()) {
    sum += g.w * (g.p / g.n - g.y / g.n) ** 2;
    total += g.w;
  }
  return Math.sqrt(sum / total);
}

/** The fit of `weights` on the reviews of `set` given at or after `from` (all by default). */
export function evaluate(set: HistorySet, weights: readonly number[] | null, numRelearningSteps: number, from = -Infinity): Fit {
  const predictions = predict(set, weights, numRelearningSteps, from);
  return { logLoss: logLoss(predictions), rmseBins: rmseBins(predictions), count: predictions.length };
}
