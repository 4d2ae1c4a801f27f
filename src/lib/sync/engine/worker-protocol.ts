// Messages between the page's sync runner (worker-client.ts) and the sync worker (sync.worker.ts).
import type { GateReply, GateRequest } from '../../db/worker-gate';
import type { SyncKeys } from '../crypto';
import type { SyncProgressEvent, SyncReport, SyncTarget } from './run';

/** Page → worker. */
export type ToSyncWorker =
  /** One sync run (run.ts syncOnce) with what the page read from its settings, session and keys, and whether its disk guard refuses writes now. */
  | { type: 'run'; id: number; target: SyncTarget & { keys: SyncKeys | null }; refusing: boolean }
  /** The page's disk guard answered a `gate` request (db/worker-gate.ts). */
  | GateReply
  /** The user just pressed a key or touched the page (an answer, most often): the engine pauses between its steps for a moment. */
  | { type: 'hold' };

/** Worker → page. */
export type FromSyncWorker =
  | { type: 'progress'; id: number; progress: SyncProgressEvent }
  | { type: 'done'; id: number; report: SyncReport }
  | { type: 'failed'; id: number; error: SyncFailure }
  /** Before a gateway transaction in the worker: the page's disk guard decides (one guard per page). */
  | GateRequest;

/** An error of the worker's run, in what the runner's messages read (status, reason, message; fetch's TypeError). */
export interface SyncFailure {
  name: string;
  message: string;
  status?: number;
  reason?: string;
  typeError: boolean;
}

export function toFailure(error: unknown): SyncFailure {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; status?: unknown; reason?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
    typeError: error instanceof TypeError
  };
}

/** The error again on the page, so the runner words it as it would an error of its own run. */
export function fromFailure(failure: SyncFailure): Error {
  const error = failure.typeError ? new TypeError(failure.message) : new Error(failure.message);
  if (!failure.typeError) error.name = failure.name;
  return Object.assign(error, failure.status !== undefined ? { status: failure.status } : {}, failure.reason !== undefined ? { reason: failure.reason } : {});
}
