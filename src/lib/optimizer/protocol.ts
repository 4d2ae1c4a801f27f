import type { HistorySet } from './history';
import type { Fit } from './metrics';

/** Messages between the optimize page and optimizer.worker.ts. */
export interface OptimizeRequest {
  type: 'optimize';
  history: HistorySet;
  /** Personal weights in use now, if any (shown as "current"). */
  current: number[] | null;
  numRelearningSteps: number;
}

export interface OptimizeOutcome {
  weights: number[];
  defaults: Fit;
  current: Fit | null;
  optimized: Fit;
  /** Adam steps taken and time spent, for the curious. */
  steps: number;
  milliseconds: number;
}

export type WorkerMessage =
  | { type: 'progress'; phase: 'optimizing' | 'evaluating'; done: number; total: number }
  | { type: 'result'; outcome: OptimizeOutcome }
  | { type: 'error'; message: string };
