// The page's side of the background jobs worker (background.worker.ts): started by the first job
// and ended IDLE_MS after its last (it holds a database connection and Dexie's memory; the wait
// keeps it for the job that often follows: a first visit's index build after its merge); the page's
// disk guard answers its `gate` requests. Where a worker cannot be started, or stops, its jobs run
// on the page instead: each is safe to run again (a merge skips decks already merged, the index
// build goes on from its progress row).
import { answerGateRequest } from '../db/worker-gate';
import { writesRefused } from '../db/write-outcomes';
import type { BackgroundJob, FromBackgroundWorker, ToBackgroundWorker } from './background-protocol';

interface Pending {
  resolve: (result: number) => void;
  reject: (error: Error) => void;
  onPage: () => Promise<number>;
}

const IDLE_MS = 10_000;
let worker: Worker | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let nextJob = 1;
const jobs = new Map<number, Pending>();

/** Runs `job` in the worker; `onPage` is the same work on this page, for where the worker cannot run it. */
export function runInBackground(job: BackgroundJob, onPage: () => Promise<number>): Promise<number> {
  let w: Worker;
  try {
    w = backgroundWorker();
  } catch {
    return onPage();
  }
  clearTimeout(idleTimer);
  const id = nextJob++;
  return new Promise<number>((resolve, reject) => {
    jobs.set(id, { resolve, reject, onPage });
    w.postMessage({ type: 'job', id, job, refusing: writesRefused() } satisfies ToBackgroundWorker);
  });
}

function backgroundWorker(): Worker {
  if (worker) return worker;
  if (typeof Worker === 'undefined') throw new Error('no workers here');
  const w = (worker = new Worker(new URL('./background.worker.ts', import.meta.url), { type: 'module' }));
  w.onmessage = (event: MessageEvent<FromBackgroundWorker>) => {
    const message = event.data;
    if (message.type === 'gate') return void answerGateRequest(w, message);
    const job = jobs.get(message.id);
    if (!job) return;
    jobs.delete(message.id);
    if (!jobs.size) idleTimer = setTimeout(() => stop(w), IDLE_MS);
    if (message.type === 'done') job.resolve(message.result);
    else job.reject(new Error(message.message));
  };
  w.onerror = (event) => {
    // It could not start (a browser that cannot run module workers) or it crashed.
    event.preventDefault();
    console.warn(`the background worker stopped (${event.message || 'it could not be started'}); its jobs run on the page`);
    const left = [...jobs.values()];
    jobs.clear();
    stop(w);
    for (const job of left) job.onPage().then(job.resolve, job.reject);
  };
  return w;
}

function stop(w: Worker): void {
  w.terminate();
  if (worker === w) worker = null;
}
