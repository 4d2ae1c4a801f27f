/**
 * What a failed IndexedDB write means, in words. Chromium reports a full disk in several ways
 * (docs/STORAGE.md): QuotaExceededError from its quota check; UnknownError "Connection is closing
 * because of: IO error: …FILE_ERROR_NO_SPACE" when LevelDB's own write fails; then, while the
 * disk stays full, UnknownError "Internal error opening backing store" or QuotaExceededError
 * "Encountered full disk while opening backing store" on every reopen. Dexie wraps them (`inner`).
 */

import { sealNeeded } from './log-seal';

export const OUT_OF_SPACE = 'Your device is out of storage space.';

/** Said by a write the disk guard refused (disk-guard.ts): nothing failed, the connection is still good. */
const GUARD_REFUSAL = 'The app stopped saving before the disk was completely full.';

export function diskNearlyFullError(): DOMException {
  return new DOMException(`${OUT_OF_SPACE} ${GUARD_REFUSAL}`, 'QuotaExceededError');
}

export function isGuardRefusal(error: unknown): boolean {
  return error instanceof DOMException && error.message.endsWith(GUARD_REFUSAL);
}

/** Words in Chromium's, Firefox's and Safari's space errors (and the OS's). */
const SPACE_WORDS = /NO_SPACE|ENOSPC|no space left|disk (is )?full|full disk|quota|out of (disk )?space|not enough (disk )?space/i;

/** The error and everything it wraps (Dexie's `inner`, `cause`), outermost first. */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current = error;
  while (current && out.length < 5 && !out.includes(current)) {
    out.push(current);
    const next = (current as { inner?: unknown; cause?: unknown }).inner ?? (current as { cause?: unknown }).cause;
    current = next;
  }
  return out;
}

function nameOf(error: unknown): string {
  return typeof error === 'object' && error && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  return typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message ?? '') : '';
}

/** What Chromium says when it cannot reopen the database (UnknownError, wrapped by Dexie as OpenFailedError). */
const REOPEN_FAILED = /opening backing store|connection is closing|transaction was aborted/i;

export interface FailureContext {
  /** The browser closed the database's connection since it was last known healthy (log-seal.ts). */
  connectionLost: boolean;
}

/**
 * True when the write failed because the device (or the browser's share of it) is full. After
 * the browser has closed the connection (what it does when a write fails for space), a failure to
 * reopen or an abort without a reason is counted as the same cause.
 */
export function isOutOfSpace(error: unknown, context: FailureContext = { connectionLost: sealNeeded() }): boolean {
  const errors = chain(error);
  if (errors.some((e) => nameOf(e) === 'QuotaExceededError' || SPACE_WORDS.test(messageOf(e)))) return true;
  return context.connectionLost && errors.some((e) => ['UnknownError', 'AbortError'].includes(nameOf(e)) || REOPEN_FAILED.test(messageOf(e)));
}

/**
 * One sentence for the person: the space message when it is about space, otherwise the error's
 * own message (never empty: an error without words still says what kind it was).
 */
export function writeErrorMessage(error: unknown, context?: FailureContext): string {
  if (isOutOfSpace(error, context)) return `${OUT_OF_SPACE} Free some space (delete files or apps you do not need) and try again.`;
  for (const e of chain(error)) {
    const text = messageOf(e).trim();
    if (text) return text;
  }
  const name = chain(error).map(nameOf).find(Boolean);
  return name ? `the browser's storage reported ${name} without saying why` : 'the browser gave no reason';
}
