/// <reference lib="webworker" />
import type { OptimizeRequest, WorkerMessage } from './protocol';
import { runOptimization } from './run';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage) => scope.postMessage(message);

scope.onmessage = (event: MessageEvent<OptimizeRequest>) => {
  try {
    post({ type: 'result', outcome: runOptimization(event.data, post) });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
