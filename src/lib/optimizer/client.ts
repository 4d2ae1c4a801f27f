import type { HistorySet } from './history';
import type { OptimizeOutcome, OptimizePhase, OptimizeRequest, WorkerMessage } from './protocol';

export interface OptimizerRun {
  result: Promise<OptimizeOutcome>;
  /** Stops the worker; `result` rejects with an AbortError. */
  cancel(): void;
}

/** Runs the optimizer in a Web Worker so the page stays responsive. */
export function startOptimizer(
  history: HistorySet,
  current: number[] | null,
  numRelearningSteps: number,
  onProgress: (phase: OptimizePhase, done: number, total: number) => void
): OptimizerRun {
  const worker = new Worker(new URL('./optimizer.worker.ts', import.meta.url), { type: 'module' });
  let settle: { reject: (e: Error) => void } | null = null;
  const result = new Promise<OptimizeOutcome>((resolve, reject) => {
    settle = { reject };
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.phase, message.done, message.total);
      else {
        worker.terminate();
        if (message.type === 'result') resolve(message.outcome);
        else reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The optimizer could not start in this browser.'));
    };
  });
  // A plain copy: the page may hold the weights in a reactive proxy, which cannot be cloned to a worker.
  const request: OptimizeRequest = { type: 'optimize', history, current: current && Array.from(current), numRelearningSteps };
  worker.postMessage(request, [history.ratings.buffer, history.deltas.buffer, history.times.buffer, history.lengths.buffer]);
  return {
    result,
    cancel() {
      worker.terminate();
      settle?.reject(new DOMException('Optimization cancelled', 'AbortError'));
    }
  };
}
