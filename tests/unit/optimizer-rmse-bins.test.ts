import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../../src/lib/optimizer/history';
import { binKey, predict, rmseBins, type Prediction } from '../../src/lib/optimizer/metrics';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 2, 10, 9);

/**
 * A two-card history small enough to bin by hand with fsrs-rs' `r_matrix_index`
 * (src/dataset.rs): interval bin round(2.48 * 3.62^floor(log_3.62 dt) * 100), length bin
 * round(1.99 * 1.89^floor(log_1.89(reviews + 1))), lapse bin 0 or round(1.65 * 1.73^floor(log_1.73 lapses)),
 * where reviews and lapses count only answers a day or more after the previous one.
 */
function smallHistory() {
  const b = new HistoryBuilder();
  // Card A: Again, then two same-day learning steps, then reviews on days 2, 9 (Again) and 10.
  b.add('a', { rating: 1, review: T0, state: 0 });
  b.add('a', { rating: 3, review: T0 + MIN, state: 1 });
  b.add('a', { rating: 3, review: T0 + 10 * MIN, state: 1 });
  b.add('a', { rating: 3, review: T0 + 2 * DAY, state: 2 });
  b.add('a', { rating: 1, review: T0 + 9 * DAY, state: 2 });
  b.add('a', { rating: 3, review: T0 + 10 * DAY, state: 3 });
  // Card B: Good, then reviews on days 3 and 12.
  b.add('b', { rating: 3, review: T0, state: 0 });
  b.add('b', { rating: 3, review: T0 + 3 * DAY, state: 2 });
  b.add('b', { rating: 3, review: T0 + 12 * DAY, state: 2 });
  return b.build();
}

describe('RMSE (bins) as fsrs-rs computes it', () => {
  it('counts reviews and lapses without the same-day learning steps', () => {
    const features = predict(smallHistory(), null, 1).map(({ deltaT, reviews, lapses, y }) => ({ deltaT, reviews, lapses, y }));
    expect(features).toEqual([
      { deltaT: 2, reviews: 1, lapses: 0, y: 1 },
      { deltaT: 7, reviews: 2, lapses: 0, y: 0 },
      { deltaT: 1, reviews: 3, lapses: 1, y: 1 },
      { deltaT: 3, reviews: 1, lapses: 0, y: 1 },
      { deltaT: 9, reviews: 2, lapses: 0, y: 1 }
    ]);
  });

  it('keys each review exactly as r_matrix_index does', () => {
    // dt 2 -> floor(0.54) = 0 -> 248; length 2 -> floor(1.09) = 1 -> round(3.761) = 4.
    expect(binKey({ deltaT: 2, reviews: 1, lapses: 0 })).toBe('248|4|0');
    // dt 7 -> floor(1.51) = 1 -> round(897.76) = 898; length 3 -> floor(1.73) = 1 -> 4.
    expect(binKey({ deltaT: 7, reviews: 2, lapses: 0 })).toBe('898|4|0');
    // dt 1 -> 248; length 4 -> floor(2.18) = 2 -> round(7.108) = 7; 1 lapse -> round(1.65) = 2.
    expect(binKey({ deltaT: 1, reviews: 3, lapses: 1 })).toBe('248|7|2');
    expect(binKey({ deltaT: 3, reviews: 1, lapses: 0 })).toBe('248|4|0');
    expect(binKey({ deltaT: 9, reviews: 2, lapses: 0 })).toBe('898|4|0');
  });

  it('equals the hand-computed figure on the small history', () => {
    const ps = [0.9, 0.8, 0.95, 0.7, 0.6];
    const predictions: Prediction[] = predict(smallHistory(), null, 1).map((pr, k) => ({ ...pr, p: ps[k] }));
    // Bin 248|4|0: A1 (0.9, 1) and B1 (0.7, 1): mean 0.8 vs 1 -> 2 * 0.2^2 = 0.08.
    // Bin 898|4|0: A2 (0.8, 0) and B2 (0.6, 1): mean 0.7 vs 0.5 -> 2 * 0.2^2 = 0.08.
    // Bin 248|7|2: A3 (0.95, 1) -> 0.05^2 = 0.0025.  sqrt(0.1625 / 5) = 0.18028.
    expect(rmseBins(predictions)).toBeCloseTo(Math.sqrt(0.1625 / 5), 12);
  });

  it('weights bins by the given per-review weights, as fsrs-rs evaluate does with recency weights', () => {
    const predictions = predict(smallHistory(), null, 1).map((pr, k) => ({ ...pr, p: [0.9, 0.8, 0.95, 0.7, 0.6][k] }));
    // Weights 1, 1, 3, 1, 1: bins weigh 2, 2 and 3 -> sqrt((0.08 + 0.08 + 3 * 0.0025) / 7).
    expect(rmseBins(predictions, [1, 1, 3, 1, 1])).toBeCloseTo(Math.sqrt((0.08 + 0.08 + 0.0075) / 7), 12);
  });
});
