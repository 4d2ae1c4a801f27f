import { clipParameters, default_w } from 'ts-fsrs';
import { offsetsOf, type HistorySet } from './history';
import { NUM_PARAMS, sequencesLoss, Workspace } from './model';
import { seededRandom as prng } from '../random';

export { prng };

/**
 * Fits the 21 FSRS-6 weights to a review history by minimising log loss, the way fsrs-rs does:
 * Adam on mini-batches of whole card histories, cosine-annealed learning rate, weights clipped
 * to ts-fsrs' allowed ranges after every step, and a weak pull towards the defaults so a small
 * history cannot push rarely-used weights anywhere odd. The best weights seen (by the loss on
 * the whole history) are returned.
 *
 * Initial stabilities (w0-w3) span 0.001-100 days, so they are optimised as logarithms; every
 * other weight directly.
 */

export interface OptimizeOptions {
  /** Starting point; defaults to ts-fsrs' default weights. */
  initial?: readonly number[];
  /** Length of the relearning steps (ts-fsrs bounds w17/w18 by it). */
  numRelearningSteps: number;
  /** Scored reviews per mini-batch (fsrs-rs uses 512). */
  batchSize?: number;
  /** Minimum number of Adam steps (small histories get more passes). */
  minSteps?: number;
  /** Upper bound on passes over the data. */
  maxEpochs?: number;
  learningRate?: number;
  /** Seed of the batch shuffling, so a run is reproducible. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface OptimizeResult {
  weights: number[];
  /** Mean log loss of the returned weights on the history (without the prior term). */
  logLoss: number;
  steps: number;
}

const LOG_PARAMS = 4;
/** Spread of the weak prior around the defaults, per weight (log scale for w0-w3). */
const PRIOR_SD = [1.5, 1.5, 1.5, 1.5, 0.6, 0.3, 0.6, 0.15, 0.4, 0.2, 0.35, 0.35, 0.1, 0.2, 0.6, 0.25, 1, 0.3, 0.3, 0.15, 0.15];

function toU(w: readonly number[]): Float64Array {
  const u = Float64Array.from(w);
  for (let i = 0; i < LOG_PARAMS; i++) u[i] = Math.log(w[i]);
  return u;
}

function toW(u: Float64Array): number[] {
  const w = Array.from(u);
  for (let i = 0; i < LOG_PARAMS; i++) w[i] = Math.exp(u[i]);
  return w;
}

function scoredCount(set: HistorySet, offsets: Uint32Array, seq: number): number {
  let n = 0;
  for (let j = 1; j < set.lengths[seq]; j++) if (set.deltas[offsets[seq] + j] > 0) n++;
  return n;
}

function batchesOf(order: number[], counts: number[], batchSize: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let n = 0;
  for (const seq of order) {
    current.push(seq);
    n += counts[seq];
    if (n >= batchSize) {
      batches.push(current);
      current = [];
      n = 0;
    }
  }
  if (current.length) {
    // A short tail joins the previous batch rather than taking a noisy step of its own.
    if (batches.length && n < batchSize / 2) batches[batches.length - 1].push(...current);
    else batches.push(current);
  }
  return batches;
}

export function optimize(set: HistorySet, options: OptimizeOptions): OptimizeResult {
  const { numRelearningSteps, batchSize = 512, minSteps = 300, maxEpochs = 100, learningRate = 0.04, seed = 42, onProgress } = options;
  const clip = (w: number[]) => clipParameters(w, numRelearningSteps, true);
  const prior = toU(clip([...default_w]));
  const start = clip([...(options.initial ?? default_w)]);
  const offsets = offsetsOf(set);
  const counts = Array.from(set.lengths, (_, i) => scoredCount(set, offsets, i));
  const useful = counts.flatMap((n, i) => (n > 0 ? [i] : []));
  const total = counts.reduce((a, b) => a + b, 0);
  const ws = new Workspace();
  const all = Uint32Array.from(useful);
  const fullLoss = (w: number[]) => {
    const { loss, count } = sequencesLoss(set, offsets, all, w, null, ws);
    return count ? loss / count : NaN;
  };
  if (total === 0) return { weights: start, logLoss: NaN, steps: 0 };

  const random = prng(seed);
  const batchesPerEpoch = Math.max(1, Math.round(total / batchSize));
  const epochs = Math.min(maxEpochs, Math.max(5, Math.ceil(minSteps / batchesPerEpoch)));
  let u = toU(start);
  const m = new Float64Array(NUM_PARAMS);
  const v = new Float64Array(NUM_PARAMS);
  const grad = new Float64Array(NUM_PARAMS);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let best = { weights: start, loss: fullLoss(start) };
  let step = 0;
  let plannedSteps = epochs * batchesPerEpoch;

  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = [...useful];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const batches = batchesOf(order, counts, batchSize);
    if (epoch === 0) plannedSteps = epochs * batches.length;
    for (const batch of batches) {
      const w = toW(u);
      grad.fill(0);
      const { count } = sequencesLoss(set, offsets, batch, w, grad, ws);
      if (count === 0) continue;
      for (let i = 0; i < NUM_PARAMS; i++) {
        // Chain rule into log space, mean over the batch, plus the Gaussian prior (per review).
        let g = grad[i] / count;
        if (i < LOG_PARAMS) g *= w[i];
        g += (u[i] - prior[i]) / (PRIOR_SD[i] * PRIOR_SD[i] * total);
        if (!Number.isFinite(g)) g = 0;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      }
      step++;
      const lr = learningRate * 0.5 * (1 + Math.cos((Math.PI * Math.min(step - 1, plannedSteps)) / plannedSteps));
      const mHat = 1 - Math.pow(beta1, step);
      const vHat = 1 - Math.pow(beta2, step);
      for (let i = 0; i < NUM_PARAMS; i++) u[i] -= (lr * (m[i] / mHat)) / (Math.sqrt(v[i] / vHat) + 1e-8);
      u = toU(clip(toW(u)));
      onProgress?.(Math.min(step, plannedSteps), plannedSteps);
    }
    const w = toW(u);
    const loss = fullLoss(w);
    if (loss < best.loss) best = { weights: w, loss };
  }
  onProgress?.(plannedSteps, plannedSteps);
  return { weights: clip(best.weights.map((x) => Math.round(x * 1e4) / 1e4)), logLoss: best.loss, steps: step };
}
