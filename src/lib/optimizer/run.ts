import { candidateWins, splitByTime } from './held-out';
import { evaluate } from './metrics';
import { optimize } from './optimize';
import type { OptimizeOutcome, OptimizePhase, OptimizeRequest, WorkerMessage } from './protocol';

/**
 * The worker's whole job, as a plain function (tested directly in vitest): fit the earlier 80%
 * of the reviews, score that candidate, the defaults and the weights in use on the rest, and
 * only when the candidate wins there fit the whole history for the user to apply.
 */
export function runOptimization(request: OptimizeRequest, post: (message: WorkerMessage) => void): OptimizeOutcome {
  const started = Date.now();
  const { history, current, numRelearningSteps } = request;
  let lastPost = 0;
  const progress = (phase: OptimizePhase) => (done: number, total: number) => {
    const now = Date.now();
    if (now - lastPost > 100 || done === total) {
      lastPost = now;
      post({ type: 'progress', phase, done, total });
    }
  };

  const split = splitByTime(history);
  const trial = optimize(split.train, { numRelearningSteps, onProgress: progress('checking') });
  post({ type: 'progress', phase: 'evaluating', done: 0, total: 1 });
  const heldOut = {
    defaults: evaluate(history, null, numRelearningSteps, split.cutoff),
    current: current ? evaluate(history, current, numRelearningSteps, split.cutoff) : null,
    candidate: evaluate(history, trial.weights, numRelearningSteps, split.cutoff)
  };
  post({ type: 'progress', phase: 'evaluating', done: 1, total: 1 });
  const wins = candidateWins(heldOut.candidate, heldOut.current ?? heldOut.defaults);
  const final = wins ? optimize(history, { numRelearningSteps, onProgress: progress('optimizing') }) : null;
  return {
    weights: final?.weights ?? null,
    heldOut,
    cutoff: split.cutoff,
    trainReviews: split.trainReviews,
    steps: trial.steps + (final?.steps ?? 0),
    milliseconds: Date.now() - started
  };
}
