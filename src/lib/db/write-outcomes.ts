import { noteConnectionLost, sealLogIfNeeded, sealNeeded } from './log-seal';
import { isOutOfSpace } from './write-errors';

/** How a write to the database ended, for whoever watches the device's storage. */
export type WriteOutcome = { ok: true } | { ok: false; error: unknown };

const listeners = new Set<(outcome: WriteOutcome) => void>();

/** Calls `listener` after every write through raw.ts; returns the unsubscribe function. */
export function onWriteOutcome(listener: (outcome: WriteOutcome) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by raw.ts once a write has committed or failed. */
export function reportWriteOutcome(outcome: WriteOutcome): void {
  // A write went through: there is room again, so seal a log a failed write may have torn.
  if (outcome.ok && sealNeeded()) void sealLogIfNeeded();
  // A write that failed for space may have torn the log even before the browser closes the connection.
  if (!outcome.ok && isOutOfSpace(outcome.error, { connectionLost: false })) noteConnectionLost();
  for (const listener of listeners) listener(outcome);
}
