// Messages between the page (background-jobs.ts) and the background jobs worker (background.worker.ts).
import type { GateReply, GateRequest } from '../db/worker-gate';
import type { BuiltinDeckEntry } from '../decks/sync';

/** Work that writes many rows and need not hold up the page: each runs in the worker, one at a time. */
export type BackgroundJob =
  /** decks/sync.ts mergeBuiltinDecks: `baseUrl` absolute (the worker's own URL is elsewhere). */
  | { kind: 'merge-decks'; baseUrl: string; decks: BuiltinDeckEntry[]; now: number }
  /** cards/search-index-build.ts buildSearchIndex. */
  | { kind: 'build-index' };

/** Page → worker: a job (with whether the page's disk guard refuses writes now), or the guard's answer to a `gate`. */
export type ToBackgroundWorker = { type: 'job'; id: number; job: BackgroundJob; refusing: boolean } | GateReply;

/** Worker → page: before each gateway transaction (`gate`), then how each job ended (`result`: a count, the job's own). */
export type FromBackgroundWorker = GateRequest | { type: 'done'; id: number; result: number } | { type: 'failed'; id: number; message: string };
