import { describe, expect, it } from 'vitest';
import { HistoryBuilder, subset, summarize, type HistorySet } from '../../src/lib/optimizer/history';
import { evaluate } from '../../src/lib/optimizer/metrics';
import type { WorkerMessage } from '../../src/lib/optimizer/protocol';
import { runOptimization } from '../../src/lib/optimizer/run';
import { simulate } from '../../src/lib/optimizer/simulate';

/**
 * A learner who forgets faster than the FSRS defaults assume (low initial stabilities, slower
 * stability growth) and whose forgetting curve has a different shape (decay 0.25, not 0.1542).
 */
const TRUE_WEIGHTS = [0.1, 0.5, 1.0, 4.0, 7.0, 0.5, 1.5, 0.02, 1.0, 0.3, 0.9, 2.2, 0.05, 0.4, 1.2, 0.5, 2.0, 0.6, 0.4, 0.1, 0.25];

function syntheticHistory(cards: number, seed: number): HistorySet {
  const simulated = simulate({
    weights: TRUE_WEIGHTS,
    cardIds: Array.from({ length: cards }, (_, i) => `card-${i}`),
    deckId: 'synthetic',
    start: Date.UTC(2025, 0, 1),
    days: 365,
    seed
  });
  const builder = new HistoryBuilder();
  for (const card of simulated) for (const log of card.logs) builder.add(card.cardId, log);
  return builder.build();
}

describe('optimizer on a synthetic learner with known parameters', { timeout: 60_000 }, () => {
  it('recovers parameters that predict held-out cards better than the defaults, close to the truth', () => {
    const started = performance.now();
    const history = syntheticHistory(800, 7);
    // Split by card: even sequences train, odd ones are held out.
    const train = subset(history, (i) => i % 2 === 0);
    const heldOut = subset(history, (i) => i % 2 === 1);
    expect(summarize(train).reviews).toBeGreaterThan(2000);

    const messages: WorkerMessage[] = [];
    const outcome = runOptimization({ type: 'optimize', history: train, current: null, numRelearningSteps: 1 }, (m) => messages.push(m));

    const defaults = evaluate(heldOut, null, 1);
    const truth = evaluate(heldOut, TRUE_WEIGHTS, 1);
    expect(outcome.weights).toHaveLength(21);
    const recovered = evaluate(heldOut, outcome.weights!, 1);
    console.info(
      `held-out log loss: defaults ${defaults.logLoss.toFixed(4)}, recovered ${recovered.logLoss.toFixed(4)}, true ${truth.logLoss.toFixed(4)}; ` +
        `RMSE(bins): ${defaults.rmseBins.toFixed(4)} / ${recovered.rmseBins.toFixed(4)} / ${truth.rmseBins.toFixed(4)}; ` +
        `${outcome.steps} steps, ${(performance.now() - started).toFixed(0)} ms in all`
    );

    expect(recovered.logLoss).toBeLessThan(defaults.logLoss);
    // Most of the gap between the defaults and the true parameters is closed.
    expect(defaults.logLoss - recovered.logLoss).toBeGreaterThan(0.7 * (defaults.logLoss - truth.logLoss));
    expect(recovered.rmseBins).toBeLessThan(defaults.rmseBins);
    // (Individual weights are not checked: with learning steps, several of them trade off against
    // each other and are not identifiable one by one; predictions are what matter.)

    // The figures it reports (on the later reviews of its own history) favour the new parameters too.
    expect(outcome.heldOut.candidate.logLoss).toBeLessThan(outcome.heldOut.defaults.logLoss);
    expect(outcome.heldOut.current).toBeNull();
    // Progress of both fits went from the start to the end.
    for (const phase of ['checking', 'optimizing']) {
      const progress = messages.flatMap((m) => (m.type === 'progress' && m.phase === phase ? [m] : []));
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    }
  });

  it('leaves a history without later-day reviews at the defaults', () => {
    const builder = new HistoryBuilder();
    builder.add('a', { rating: 3, review: Date.UTC(2025, 0, 1, 10), state: 0 });
    builder.add('a', { rating: 3, review: Date.UTC(2025, 0, 1, 10, 10), state: 1 });
    const outcome = runOptimization({ type: 'optimize', history: builder.build(), current: null, numRelearningSteps: 1 }, () => {});
    expect(outcome.steps).toBe(0);
    expect(outcome.heldOut.candidate.count).toBe(0);
    expect(outcome.weights).toBeNull();
  });
});
