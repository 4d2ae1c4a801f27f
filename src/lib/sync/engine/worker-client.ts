// The page's side of the sync worker (sync.worker.ts): one worker per page, started by the first
// run (only when sync is on, after the first paint) and kept for the next runs, so PouchDB loads
// once. The runner (runner.ts) calls `syncInWorker` where it called run.ts `syncOnce`, holding the
// tab lock meanwhile: a page that closes takes its worker, and the lock, with it.
import { writesRefused } from '../../db/write-outcomes';
import { answerGateRequest } from '../../db/worker-gate';
import { changeFeedOn, setChangeFeed } from '../../db/change-feed';
import type { SyncProgressEvent, SyncReport, SyncTarget } from './run';
import { fromFailure, type FromSyncWorker, type ToSyncWorker } from './worker-protocol';

interface Pending {
  resolve: (report: SyncReport) => void;
  reject: (error: Error) => void;
  onProgress?: (p: SyncProgressEvent) => void;
}

let worker: Worker | null = null;
let nextRun = 1;
const runs = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const run of runs.values()) run.reject(error);
  runs.clear();
}

function syncWorker(): Worker {
  if (worker) return worker;
  const w = (worker = new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' }));
  w.onmessage = (event: MessageEvent<FromSyncWorker>) => {
    const message = event.data;
    if (message.type === 'gate') return void answerGateRequest(w, message);
    const run = runs.get(message.id);
    if (!run) return;
    if (message.type === 'progress') return run.onProgress?.(message.progress);
    runs.delete(message.id);
    if (message.type === 'done') run.resolve(message.report);
    else run.reject(fromFailure(message.error));
  };
  holdOnInput();
  w.onerror = (event) => {
    // The worker could not start or crashed: this run fails with a message, the next starts a new one.
    event.preventDefault();
    stopSyncWorker(new Error(`the sync worker stopped (${event.message || 'it could not be started'})`));
  };
  return w;
}

let listening = false;
let lastHold = 0;

/** A key press or a touch (an answer, most often) asks the worker to pause between steps for a moment (sync.worker.ts). */
function holdOnInput(): void {
  if (listening || typeof addEventListener !== 'function') return;
  listening = true;
  const hold = () => {
    const now = Date.now();
    if (!worker || now - lastHold < 200) return;
    lastHold = now;
    worker.postMessage({ type: 'hold' } satisfies ToSyncWorker);
  };
  for (const type of ['keydown', 'pointerdown'] as const) addEventListener(type, hold, { capture: true, passive: true });
}

/** run.ts `syncOnce` in the sync worker: resolves with its report, rejects with its error (status, reason and message kept). */
export function syncInWorker(target: SyncTarget, onProgress?: (p: SyncProgressEvent) => void): Promise<SyncReport> {
  // The feed's switch is in localStorage, which a worker cannot reach: on before the run's scan starts.
  if (!changeFeedOn()) setChangeFeed(true);
  const w = syncWorker();
  const id = nextRun++;
  return new Promise<SyncReport>((resolve, reject) => {
    runs.set(id, { resolve, reject, onProgress });
    w.postMessage({ type: 'run', id, target, refusing: writesRefused() } satisfies ToSyncWorker);
  });
}

/** Ends the worker (sync turned off, or it failed): a run under way stops where it is, which every step allows. */
export function stopSyncWorker(reason = new Error('sync was turned off')): void {
  worker?.terminate();
  worker = null;
  failAll(reason);
}
