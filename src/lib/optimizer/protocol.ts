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
  /**
   * Weights fitted to the whole history, offered to apply; null when the check on held-out
   * reviews found them no better than the ones in use (which are then kept).
   */
  weights: number[] | null;
  /** How each set predicts the held-out reviews; `candidate` was fitted on the earlier ones only. */
  heldOut: { defaults: Fit; current: Fit | null; candidate: Fit };
  /** First held-out moment (epoch ms) and the reviews before it that the check trained on. */
  cutoff: number;
  trainReviews: number;
  /** Adam steps taken (both fits) and time spent, for the curious. */
  steps: number;
  milliseconds: number;
}

/** checking: fitting the earlier reviews; evaluating: scoring the later ones; optimizing: fitting everything. */
export type OptimizePhase = 'checking' | 'evaluating' | 'optimizing';

export type WorkerMessage =
  { type: 'progress'; phase: OptimizePhase; done: number; total: number } | { type: 'result'; outcome: OptimizeOutcome } | { type: 'error'; message: string };
