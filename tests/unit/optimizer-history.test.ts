import { describe, expect, it } from 'vitest';
import { hasEnoughHistory, HistoryBuilder, MIN_CARDS, MIN_REVIEWS, subset, summarize } from '../../src/lib/optimizer/history';
import { logLoss, rmseBins, type Prediction } from '../../src/lib/optimizer/metrics';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2025, 2, 10, 12);

describe('HistoryBuilder', () => {
  it('groups answers by card, counts calendar days as ts-fsrs does (UTC), and splits at a reset to New', () => {
    const b = new HistoryBuilder();
    b.add('a', { rating: 3, review: T0, state: 0 });
    b.add('a', { rating: 3, review: T0 + 10 * 60_000, state: 1 }); // same day
    b.add('a', { rating: 1, review: T0 + 3 * D, state: 2 });
    b.add('a', { rating: 9, review: T0 + 4 * D, state: 3 }); // not a grade: skipped
    b.add('a', { rating: 3, review: T0 + 4 * D, state: 0 }); // reset: new sequence
    b.add('b', { rating: 4, review: Date.UTC(2025, 2, 10, 23, 30), state: 0 });
    b.add('b', { rating: 3, review: Date.UTC(2025, 2, 11, 0, 30), state: 2 }); // one hour later, next UTC day
    const set = b.build();
    expect(Array.from(set.lengths)).toEqual([3, 1, 2]);
    expect(Array.from(set.ratings)).toEqual([3, 3, 1, 3, 4, 3]);
    expect(Array.from(set.deltas)).toEqual([0, 0, 3, 0, 0, 1]);
  });

  it('summarizes only reviews on a later day and applies the threshold', () => {
    const b = new HistoryBuilder();
    for (let c = 0; c < MIN_CARDS; c++) {
      b.add(`c${c}`, { rating: 3, review: T0, state: 0 });
      b.add(`c${c}`, { rating: 3, review: T0 + 60_000, state: 1 });
      for (let k = 1; k <= MIN_REVIEWS / MIN_CARDS; k++) b.add(`c${c}`, { rating: 3, review: T0 + k * 2 * D, state: 2 });
    }
    const enough = summarize(b.build());
    expect(enough).toEqual({ answers: MIN_CARDS * (2 + MIN_REVIEWS / MIN_CARDS), reviews: MIN_REVIEWS, cards: MIN_CARDS });
    expect(hasEnoughHistory(enough)).toBe(true);
    expect(hasEnoughHistory({ ...enough, reviews: MIN_REVIEWS - 1 })).toBe(false);
    expect(hasEnoughHistory({ ...enough, cards: MIN_CARDS - 1 })).toBe(false);
  });

  it('subset keeps whole sequences', () => {
    const b = new HistoryBuilder();
    b.add('a', { rating: 3, review: T0, state: 0 });
    b.add('a', { rating: 2, review: T0 + 2 * D, state: 2 });
    b.add('b', { rating: 1, review: T0, state: 0 });
    const odd = subset(b.build(), (i) => i === 1);
    expect(Array.from(odd.lengths)).toEqual([1]);
    expect(Array.from(odd.ratings)).toEqual([1]);
  });
});

describe('fit metrics', () => {
  const p = (p: number, y: number, deltaT = 1, reviews = 1, lapses = 0): Prediction => ({ p, y, deltaT, reviews, lapses });

  it('log loss is the mean binary cross-entropy', () => {
    expect(logLoss([p(0.9, 1), p(0.9, 0)])).toBeCloseTo((-Math.log(0.9) - Math.log(0.1)) / 2, 12);
  });

  it('RMSE (bins) compares mean prediction with recall rate per bin, weighted by size', () => {
    // One bin: mean prediction 0.8, recall 0.5 -> 0.3.
    expect(rmseBins([p(0.8, 1), p(0.8, 0)])).toBeCloseTo(0.3, 12);
    // Two bins (interval 1 day vs 30 days), each perfectly calibrated on average.
    expect(rmseBins([p(0.5, 1, 1), p(0.5, 0, 1), p(1, 1, 30)])).toBeCloseTo(0, 12);
    // Intervals 4 and 5 days share a log-spaced bin; 1 day is another.
    expect(rmseBins([p(1, 1, 4), p(0, 0, 5)])).toBeCloseTo(0, 12);
    expect(rmseBins([p(1, 0, 4), p(0, 1, 5)])).toBeCloseTo(0, 12);
    expect(rmseBins([p(1, 0, 1), p(0, 1, 5)])).toBeCloseTo(1, 12);
  });
});
