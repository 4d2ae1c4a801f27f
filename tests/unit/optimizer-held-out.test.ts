import { describe, expect, it } from 'vitest';
import { candidateWins, splitByTime } from '../../src/lib/optimizer/held-out';
import { HistoryBuilder, summarize, type HistorySet } from '../../src/lib/optimizer/history';
import { evaluate } from '../../src/lib/optimizer/metrics';
import { optimize } from '../../src/lib/optimizer/optimize';
import { runOptimization } from '../../src/lib/optimizer/run';
import { simulate } from '../../src/lib/optimizer/simulate';

/** A learner who forgets faster than the FSRS defaults assume (as in optimizer-recovery.test.ts). */
const TRUE_WEIGHTS = [0.1, 0.5, 1.0, 4.0, 7.0, 0.5, 1.5, 0.02, 1.0, 0.3, 0.9, 2.2, 0.05, 0.4, 1.2, 0.5, 2.0, 0.6, 0.4, 0.1, 0.25];

function simulatedHistory(cards: number, seed: number, days = 365): HistorySet {
  const simulated = simulate({
    weights: TRUE_WEIGHTS,
    cardIds: Array.from({ length: cards }, (_, i) => `card-${i}`),
    deckId: 'synthetic',
    start: Date.UTC(2025, 0, 1),
    days,
    seed
  });
  const builder = new HistoryBuilder();
  for (const card of simulated) for (const log of card.logs) builder.add(card.cardId, log);
  return builder.build();
}

/** Times of the answers of `set` that are reviews (a day or more after the previous answer). */
function reviewTimes(set: HistorySet): number[] {
  const times: number[] = [];
  let at = 0;
  for (const length of set.lengths) {
    for (let j = 1; j < length; j++) if (set.deltas[at + j] > 0) times.push(set.times[at + j]);
    at += length;
  }
  return times;
}

describe('held-out check by time', { timeout: 60_000 }, () => {
  it('trains only on answers given before every held-out review', () => {
    const history = simulatedHistory(200, 3);
    const split = splitByTime(history);
    const all = reviewTimes(history);
    const heldOut = all.filter((t) => t >= split.cutoff);
    // No answer that trains, learning steps included, is at or after the first held-out review.
    expect(Math.max(...split.train.times)).toBeLessThan(split.cutoff);
    expect(Math.min(...heldOut)).toBe(split.cutoff);
    // The earlier 80% of the reviews train, the rest are scored.
    expect(split.trainReviews).toBe(summarize(split.train).reviews);
    expect(split.trainReviews + split.heldOutReviews).toBe(all.length);
    expect(split.trainReviews / all.length).toBeCloseTo(0.8, 2);
    expect(evaluate(history, null, 1, split.cutoff).count).toBe(split.heldOutReviews);

    // Rewriting every answer from the cutoff on (all Again) leaves the training set as it was.
    const rewritten = { ...history, ratings: history.ratings.map((r, i) => (history.times[i] >= split.cutoff ? 1 : r)) };
    const again = splitByTime(rewritten);
    expect(again.cutoff).toBe(split.cutoff);
    expect(again.train).toEqual(split.train);
  });

  it('offers new parameters when they beat the defaults on the held-out reviews', () => {
    const history = simulatedHistory(400, 7);
    const outcome = runOptimization({ type: 'optimize', history, current: null, numRelearningSteps: 1 }, () => {});
    const { defaults, candidate, current } = outcome.heldOut;
    expect(current).toBeNull();
    expect(candidate.count).toBe(splitByTime(history).heldOutReviews);
    expect(candidate.logLoss).toBeLessThan(defaults.logLoss);
    expect(outcome.weights).toHaveLength(21);
    // The figures are the held-out ones, not the fit on the history trained on.
    const inSample = evaluate(history, outcome.weights, 1);
    expect(candidate.count).toBeLessThan(inSample.count / 4);
  });

  it('rejects a fit that does worse on the held-out reviews than the parameters in use, and keeps them', () => {
    // A learner who just has enough history (60 cards, about 480 reviews) and already uses their
    // true parameters: what the optimizer learns from the earlier reviews fits their noise.
    const history = simulatedHistory(60, 2, 200);
    expect(summarize(history).reviews).toBeGreaterThan(400);
    const split = splitByTime(history);
    const trained = optimize(split.train, { numRelearningSteps: 1 });
    const inSampleGain = evaluate(split.train, TRUE_WEIGHTS, 1).logLoss - evaluate(split.train, trained.weights, 1).logLoss;
    const heldOutGain = evaluate(history, TRUE_WEIGHTS, 1, split.cutoff).logLoss - evaluate(history, trained.weights, 1, split.cutoff).logLoss;
    // It overfits: better than the truth on what it saw, worse on what it did not.
    expect(inSampleGain).toBeGreaterThan(0);
    expect(heldOutGain).toBeLessThan(0);

    const outcome = runOptimization({ type: 'optimize', history, current: TRUE_WEIGHTS, numRelearningSteps: 1 }, () => {});
    expect(outcome.heldOut.candidate.logLoss).toBeGreaterThan(outcome.heldOut.current!.logLoss);
    expect(outcome.weights).toBeNull();
  });

  it('judges by held-out log loss, and never for a candidate with nothing to score', () => {
    const fit = (logLoss: number, count = 100) => ({ logLoss, rmseBins: 0.05, count });
    expect(candidateWins(fit(0.3), fit(0.31))).toBe(true);
    expect(candidateWins(fit(0.31), fit(0.31))).toBe(false);
    expect(candidateWins(fit(0.32), fit(0.31))).toBe(false);
    expect(candidateWins(fit(NaN, 0), fit(NaN, 0))).toBe(false);
  });
});
