import { FSRSAlgorithm, generatorParameters, type Grade } from 'ts-fsrs';
import type { HistorySet } from './history';
import { P_EPS } from './model';

/** One scored review: what the model predicted, what happened, and the features RMSE (bins) groups by. */
export interface Prediction {
  p: number;
  y: number;
  deltaT: number;
  /** 1-based position of the answer in its sequence. */
  i: number;
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
 * prediction for each review given a day or more after the previous one.
 */
export function predict(set: HistorySet, weights: readonly number[] | null, numRelearningSteps: number): Prediction[] {
  const algorithm = algorithmFor(weights, numRelearningSteps);
  const out: Prediction[] = [];
  let at = 0;
  for (const length of set.lengths) {
    let state: { stability: number; difficulty: number } | null = null;
    let lapses = 0;
    for (let j = 0; j < length; j++) {
      const g = set.ratings[at + j] as Grade;
      const t = set.deltas[at + j];
      if (state && t > 0) {
        const p = algorithm.forgetting_curve(t, state.stability);
        out.push({ p, y: g > 1 ? 1 : 0, deltaT: t, i: j + 1, lapses });
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

/** Log-spaced bin of a count, as the FSRS benchmark groups interval, review number and lapses. */
function bin(x: number, scale: number, base: number): number {
  if (x <= 0) return 0;
  return Math.round(scale * Math.pow(base, Math.floor(Math.log(x) / Math.log(base))) * 100) / 100;
}

/**
 * RMSE (bins): reviews are grouped by interval length, review number and number of lapses;
 * in each group the mean prediction is compared with the measured recall rate, and the squared
 * differences are averaged weighted by group size.
 */
export function rmseBins(predictions: readonly Prediction[]): number {
  if (predictions.length === 0) return NaN;
  const groups = new Map<string, { n: number; p: number; y: number }>();
  for (const pr of predictions) {
    const key = `${bin(pr.deltaT, 2.48, 3.62)}|${bin(pr.i, 1.99, 1.89)}|${bin(pr.lapses, 1.65, 1.73)}`;
    const g = groups.get(key) ?? { n: 0, p: 0, y: 0 };
    g.n++;
    g.p += pr.p;
    g.y += pr.y;
    groups.set(key, g);
  }
  let sum = 0;
  for (const g of groups.values()) sum += g.n * (g.p / g.n - g.y / g.n) ** 2;
  return Math.sqrt(sum / predictions.length);
}

export function evaluate(set: HistorySet, weights: readonly number[] | null, numRelearningSteps: number): Fit {
  const predictions = predict(set, weights, numRelearningSteps);
  return { logLoss: logLoss(predictions), rmseBins: rmseBins(predictions), count: predictions.length };
}
