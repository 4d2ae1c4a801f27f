import { noteConnectionLost, sealLogIfNeeded, sealNeeded } from './log-seal';
import { isOutOfSpace } from './write-errors';

/** How a write to the database ended, for whoever watches the device's storage. */
export type WriteOutcome = { ok: true } | { ok: false; error: unknown };

const listeners = new Set<(outcome: WriteOutcome) => void>();
let gate: ((bytes?: number) => Promise<void> | undefined) | null = null;
let refusedNow: () => boolean = () => false;

/** Installed by the disk guard (disk-guard-start.ts): `check` before every raw-write.ts write, `refused` for Dexie's. */
export function gateWrites(check: (bytes?: number) => Promise<void> | undefined, refused: () => boolean): void {
  gate = check;
  refusedNow = refused;
}

/**
 * Called by raw-write.ts before a write: rejects when the write must not reach IndexedDB; undefined
 * lets it go at once. Until the guard runs, a write loads it and waits for its first probe.
 */
export function writeGate(bytes = 0): Promise<void> | undefined {
  return gate ? gate(bytes) : import('./disk-guard-start').then(({ startDiskGuard }) => startDiskGuard().gate(bytes));
}

let nothingToLose = false;

/**
 * A first run's page: the database was just created, holds nothing of the user's and no marker
 * says an earlier one existed. Its gateway writes (the built-in decks' first merge) need not wait
 * for the guard's first probe, which would hold up the first question (a failed write could only
 * cost what the next start fetches again).
 */
export function noteNothingToLose(): void {
  nothingToLose = true;
}

/**
 * Before a gateway transaction over Dexie (and the sync worker's): the gate. Until the guard runs,
 * the write loads it and waits for its first probe, as a raw-write.ts write does, except on a first run's page.
 */
export function gatewayWriteGate(bytes = 0): Promise<void> | undefined {
  return gate ? gate(bytes) : nothingToLose ? undefined : writeGate(bytes);
}

/** For Dexie's writes, which cannot wait inside a transaction: true only once a probe found the disk nearly full. */
export function writesRefused(): boolean {
  return refusedNow();
}

/** Calls `listener` after every write through raw-write.ts; returns the unsubscribe function. */
export function onWriteOutcome(listener: (outcome: WriteOutcome) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by raw-write.ts once a write has committed or failed. */
export function reportWriteOutcome(outcome: WriteOutcome): void {
  // A write went through: there is room again, so seal a log a failed write may have torn.
  if (outcome.ok && sealNeeded()) void sealLogIfNeeded();
  // A write that failed for space may have torn the log even before the browser closes the connection.
  if (!outcome.ok && isOutOfSpace(outcome.error, { connectionLost: false })) noteConnectionLost();
  for (const listener of listeners) listener(outcome);
}
