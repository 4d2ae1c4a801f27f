import { evaluate } from './metrics';
import { optimize } from './optimize';
import type { OptimizeOutcome, OptimizeRequest, WorkerMessage } from './protocol';

/** The worker's whole job, as a plain function (tested directly in vitest). */
export function runOptimization(request: OptimizeRequest, post: (message: WorkerMessage) => void): OptimizeOutcome {
  const started = Date.now();
  const { history, current, numRelearningSteps } = request;
  let lastPost = 0;
  const result = optimize(history, {
    numRelearningSteps,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - lastPost > 100 || done === total) {
        lastPost = now;
        post({ type: 'progress', phase: 'optimizing', done, total });
      }
    }
  });
  post({ type: 'progress', phase: 'evaluating', done: 0, total: 1 });
  const outcome: OptimizeOutcome = {
    weights: result.weights,
    defaults: evaluate(history, null, numRelearningSteps),
    current: current ? evaluate(history, current, numRelearningSteps) : null,
    optimized: evaluate(history, result.weights, numRelearningSteps),
    steps: result.steps,
    milliseconds: Date.now() - started
  };
  post({ type: 'progress', phase: 'evaluating', done: 1, total: 1 });
  return outcome;
}
