import { CLAMP_PARAMETERS, default_w } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { historyFromSequences, offsetsOf, type HistorySet } from '../../src/lib/optimizer/history';
import { evaluate, effectiveWeights } from '../../src/lib/optimizer/metrics';
import { NUM_PARAMS, sequencesLoss } from '../../src/lib/optimizer/model';
import { prng } from '../../src/lib/optimizer/optimize';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1, 9);

/** Random histories with same-day steps, lapses and long gaps. */
function randomHistory(seed: number, cards: number): HistorySet {
  const random = prng(seed);
  const sequences: { rating: number; review: number }[][] = [];
  for (let c = 0; c < cards; c++) {
    let now = T0 + Math.floor(random() * 30) * DAY;
    const seq: { rating: number; review: number }[] = [];
    const n = 2 + Math.floor(random() * 12);
    for (let i = 0; i < n; i++) {
      seq.push({ rating: 1 + Math.floor(random() * 4), review: now });
      now += random() < 0.3 ? 10 * 60_000 : Math.ceil(random() * 40) * DAY;
    }
    sequences.push(seq);
  }
  return historyFromSequences(sequences);
}

/** Random weights inside ts-fsrs' ranges, away from the edges. */
function randomWeights(seed: number): number[] {
  const random = prng(seed);
  return CLAMP_PARAMETERS(2, true).map(([lo, hi], i) => {
    const span = i < 4 ? Math.min(hi, 30) - lo : hi - lo;
    return lo + span * (0.1 + 0.8 * random());
  });
}

function passLoss(set: HistorySet, w: number[], grad: Float64Array | null = null) {
  const offsets = offsetsOf(set);
  return sequencesLoss(
    set,
    offsets,
    Uint32Array.from(set.lengths, (_, i) => i),
    w,
    grad
  );
}

describe('differentiable FSRS-6 model', () => {
  it('gives the same log loss as ts-fsrs next_state/forgetting_curve replay', () => {
    for (let k = 0; k < 6; k++) {
      const set = randomHistory(100 + k, 80);
      const w = effectiveWeights(k === 0 ? [...default_w] : randomWeights(k), 1);
      const ours = passLoss(set, w);
      const fit = evaluate(set, w, 1);
      expect(ours.count).toBe(fit.count);
      expect(ours.count).toBeGreaterThan(100);
      expect(ours.loss / ours.count).toBeCloseTo(fit.logLoss, 6);
    }
  });

  it('has an exact gradient (matches central finite differences)', () => {
    const set = randomHistory(7, 60);
    for (const seed of [1, 2, 3]) {
      const w = effectiveWeights(randomWeights(seed), 1);
      const grad = new Float64Array(NUM_PARAMS);
      passLoss(set, w, grad);
      for (let i = 0; i < NUM_PARAMS; i++) {
        const h = 1e-6 * Math.max(1, Math.abs(w[i]));
        const up = [...w];
        const down = [...w];
        up[i] += h;
        down[i] -= h;
        const numeric = (passLoss(set, up).loss - passLoss(set, down).loss) / (2 * h);
        expect(Math.abs(grad[i] - numeric), `w${i}: analytic ${grad[i]} vs numeric ${numeric}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
      }
    }
  });
});
