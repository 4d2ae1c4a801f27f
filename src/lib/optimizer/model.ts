import { S_MAX, S_MIN } from 'ts-fsrs';
import type { HistorySet } from './history';

/**
 * The FSRS-6 memory model of ts-fsrs 5 (`FSRSAlgorithm.next_state` and `forgetting_curve`,
 * with short-term reviews enabled), re-implemented with forward-mode derivatives so the loss
 * and its exact gradient come out of one pass over the history. Same formulas, same clamps,
 * minus ts-fsrs' rounding to 8 decimals; tests/unit/optimizer-model.test.ts checks it against
 * ts-fsrs itself.
 */

export const NUM_PARAMS = 21;
/** Predictions are kept inside (P_EPS, 1 - P_EPS) so one surprising answer cannot dominate. */
export const P_EPS = 1e-4;

/** Scratch buffers for one pass; reuse across passes to avoid allocation. */
export class Workspace {
  ds = new Float64Array(NUM_PARAMS);
  dd = new Float64Array(NUM_PARAMS);
  nds = new Float64Array(NUM_PARAMS);
  ndd = new Float64Array(NUM_PARAMS);
  dr = new Float64Array(NUM_PARAMS);
  tmp = new Float64Array(NUM_PARAMS);
}

export interface PassResult {
  /** Sum of log loss over the scored reviews. */
  loss: number;
  /** Number of scored reviews. */
  count: number;
}

function clampWithGrad(value: number, lo: number, hi: number, grad: Float64Array): number {
  if (value < lo) {
    grad.fill(0);
    return lo;
  }
  if (value > hi) {
    grad.fill(0);
    return hi;
  }
  return value;
}

/**
 * Log loss of the sequences listed in `sequences` (indices into `set`), given start offsets.
 * When `grad` is given, adds d(loss)/d(w) into it.
 */
export function sequencesLoss(
  set: HistorySet,
  offsets: Uint32Array,
  sequences: ArrayLike<number>,
  w: ArrayLike<number>,
  grad: Float64Array | null,
  ws: Workspace = new Workspace()
): PassResult {
  const decay = -w[20];
  const factor = Math.pow(0.9, 1 / decay) - 1;
  // d factor / d w20, with factor = exp(-ln 0.9 / w20) - 1.
  const dFactor20 = ((factor + 1) * Math.log(0.9)) / (w[20] * w[20]);
  const init4 = w[4] - Math.exp(3 * w[5]) + 1;
  const dInit4_5 = -3 * Math.exp(3 * w[5]);
  const withGrad = grad !== null;
  let { ds, dd, nds, ndd } = ws;
  const { dr, tmp } = ws;
  let loss = 0;
  let count = 0;

  for (let q = 0; q < sequences.length; q++) {
    const seq = sequences[q];
    const start = offsets[seq];
    const length = set.lengths[seq];
    let s = 0;
    let d = 0;
    for (let j = 0; j < length; j++) {
      const g = set.ratings[start + j];
      const t = set.deltas[start + j];
      if (j === 0) {
        // Initial stability and difficulty.
        s = Math.max(w[g - 1], 0.1);
        const d0 = w[4] - Math.exp((g - 1) * w[5]) + 1;
        d = Math.min(Math.max(d0, 1), 10);
        if (withGrad) {
          ds.fill(0);
          dd.fill(0);
          if (w[g - 1] > 0.1) ds[g - 1] = 1;
          if (d0 > 1 && d0 < 10) {
            dd[4] = 1;
            dd[5] = -(g - 1) * Math.exp((g - 1) * w[5]);
          }
        }
        continue;
      }

      // Retrievability at this review (only meaningful a day or more later).
      let r = 1;
      if (t > 0) {
        const base = 1 + (factor * t) / s;
        r = Math.pow(base, decay);
        if (withGrad) {
          const k = (r * w[20] * t * factor) / (base * s * s);
          for (let i = 0; i < NUM_PARAMS; i++) dr[i] = k * ds[i];
          dr[20] += r * (-Math.log(base) - (w[20] * t * dFactor20) / (base * s));
        }
        const p = Math.min(Math.max(r, P_EPS), 1 - P_EPS);
        const y = g > 1 ? 1 : 0;
        loss -= y ? Math.log(p) : Math.log(1 - p);
        count++;
        if (withGrad && p === r) {
          const dl = y ? -1 / p : 1 / (1 - p);
          for (let i = 0; i < NUM_PARAMS; i++) grad![i] += dl * dr[i];
        }
      }

      // Next stability.
      let ns: number;
      if (t === 0) {
        const lnSinc = -w[19] * Math.log(s) + w[17] * (g - 3 + w[18]);
        let sinc = Math.exp(lnSinc);
        const masked = g >= 2 && sinc < 1;
        if (masked) sinc = 1;
        ns = s * sinc;
        if (withGrad) {
          if (masked) nds.set(ds);
          else {
            for (let i = 0; i < NUM_PARAMS; i++) nds[i] = ns * (ds[i] / s - (w[19] * ds[i]) / s);
            nds[19] += ns * -Math.log(s);
            nds[17] += ns * (g - 3 + w[18]);
            nds[18] += ns * w[17];
          }
        }
        ns = clampWithGrad(ns, S_MIN, S_MAX, nds);
      } else if (g === 1) {
        const a = Math.pow(s + 1, w[13]);
        const e14 = Math.exp((1 - r) * w[14]);
        let sf = w[11] * Math.pow(d, -w[12]) * (a - 1) * e14;
        // tmp = d ln(sf)
        if (withGrad) {
          for (let i = 0; i < NUM_PARAMS; i++) {
            tmp[i] = (-w[12] * dd[i]) / d + (a * w[13] * ds[i]) / ((s + 1) * (a - 1)) - w[14] * dr[i];
          }
          tmp[11] += 1 / w[11];
          tmp[12] -= Math.log(d);
          tmp[13] += (a * Math.log(s + 1)) / (a - 1);
          tmp[14] += 1 - r;
          for (let i = 0; i < NUM_PARAMS; i++) tmp[i] *= sf;
        }
        sf = clampWithGrad(sf, S_MIN, S_MAX, tmp);
        const sMin = s / Math.exp(w[17] * w[18]);
        if (sf <= Math.max(sMin, S_MIN)) {
          ns = sf;
          if (withGrad) nds.set(tmp);
        } else if (sMin < S_MIN) {
          ns = S_MIN;
          if (withGrad) nds.fill(0);
        } else {
          ns = sMin;
          if (withGrad) {
            for (let i = 0; i < NUM_PARAMS; i++) nds[i] = (sMin * ds[i]) / s;
            nds[17] -= sMin * w[18];
            nds[18] -= sMin * w[17];
          }
        }
      } else {
        const ex = Math.exp((1 - r) * w[10]);
        const e = ex - 1;
        const hp = g === 2 ? w[15] : 1;
        const eb = g === 4 ? w[16] : 1;
        const kBase = Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]);
        const k = kBase * hp * eb;
        const a = k * e;
        ns = s * (1 + a);
        if (withGrad) {
          // da = dk * e + k * de, with dk = k * d ln(kBase) + kBase * (d hp * eb + hp * d eb).
          for (let i = 0; i < NUM_PARAMS; i++) {
            const dlnK = -dd[i] / (11 - d) - (w[9] * ds[i]) / s;
            const de = -ex * w[10] * dr[i];
            const da = k * dlnK * e + k * de;
            nds[i] = ds[i] * (1 + a) + s * da;
          }
          nds[8] += s * k * e;
          nds[9] += s * k * -Math.log(s) * e;
          nds[10] += s * k * ex * (1 - r);
          if (g === 2) nds[15] += s * kBase * eb * e;
          if (g === 4) nds[16] += s * kBase * hp * e;
        }
        ns = clampWithGrad(ns, S_MIN, S_MAX, nds);
      }

      // Next difficulty: linear damping, then mean reversion towards D0(Easy).
      const delta = -w[6] * (g - 3);
      const nd = d + (delta * (10 - d)) / 9;
      const mr = w[7] * init4 + (1 - w[7]) * nd;
      if (withGrad) {
        for (let i = 0; i < NUM_PARAMS; i++) ndd[i] = (1 - w[7]) * dd[i] * (1 - delta / 9);
        ndd[6] += ((1 - w[7]) * (-(g - 3) * (10 - d))) / 9;
        ndd[7] += init4 - nd;
        ndd[4] += w[7];
        ndd[5] += w[7] * dInit4_5;
      }
      const newD = clampWithGrad(mr, 1, 10, ndd);

      s = ns;
      d = newD;
      if (withGrad) {
        [ds, nds] = [nds, ds];
        [dd, ndd] = [ndd, dd];
      }
    }
  }
  ws.ds = ds;
  ws.dd = dd;
  ws.nds = nds;
  ws.ndd = ndd;
  return { loss, count };
}
