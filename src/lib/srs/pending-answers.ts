import type { Grade } from 'ts-fsrs';
import { uuidv7 } from '../db/ids';
import { OUT_OF_SPACE } from '../db/write-errors';

/**
 * An answer the device had no room to write. Kept (in sessionStorage, so a reload finds it) with
 * the review time and duration it was given and the log row id every attempt uses, so writing it
 * again can never record it twice (recordAnswerThen skips an id that is already in the log).
 */
export interface PendingAnswer {
  logId: string;
  deckId: string;
  cardId: string;
  grade: Grade;
  /** Review time: the moment the grade was given, not the moment it is finally written. */
  now: number;
  durationMs: number;
}

export const PENDING_ANSWER_MESSAGE = `${OUT_OF_SPACE} Your answer is kept and will be saved when space is freed.`;

const storageKey = (deckId: string) => `pending-answer:${deckId}`;

export function pendingAnswer(answer: Omit<PendingAnswer, 'logId'>): PendingAnswer {
  return { ...answer, logId: uuidv7(answer.now) };
}

/** Remembers the answer for a reload; false when sessionStorage refused (it lives on in the page). */
export function keepPendingAnswer(answer: PendingAnswer, storage: Storage | undefined = globalThis.sessionStorage): boolean {
  try {
    storage?.setItem(storageKey(answer.deckId), JSON.stringify(answer));
    return !!storage;
  } catch {
    return false;
  }
}

export function readPendingAnswer(deckId: string, storage: Storage | undefined = globalThis.sessionStorage): PendingAnswer | null {
  try {
    const raw = storage?.getItem(storageKey(deckId));
    const parsed = raw ? (JSON.parse(raw) as PendingAnswer) : null;
    return parsed && typeof parsed.logId === 'string' && typeof parsed.cardId === 'string' && typeof parsed.now === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

export function dropPendingAnswer(deckId: string, storage: Storage | undefined = globalThis.sessionStorage): void {
  try {
    storage?.removeItem(storageKey(deckId));
  } catch {
    // nothing to drop
  }
}

export interface RetryOptions {
  /** How often to try while nothing else prompts it. */
  intervalMs?: number;
  /** Where `online` and `focus` are heard (the window). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Calls `attempt` every `intervalMs`, when the connection or the window's focus comes back, and
 * whenever the returned `now()` is called (the "Try again" button), until it resolves true.
 * Attempts never overlap. `stop()` ends it early.
 */
export function retryUntilWritten(attempt: () => Promise<boolean>, { intervalMs = 5_000, events = globalThis.window }: RetryOptions = {}) {
  let done = false;
  let running: Promise<boolean> | null = null;
  const tryNow = (): Promise<boolean> => {
    if (done) return Promise.resolve(true);
    running ??= attempt()
      .catch(() => false)
      .then((ok) => {
        if (ok) stop();
        return ok;
      })
      .finally(() => (running = null));
    return running;
  };
  const onEvent = () => void tryNow();
  const timer = setInterval(onEvent, intervalMs);
  events?.addEventListener('online', onEvent);
  events?.addEventListener('focus', onEvent);
  function stop() {
    done = true;
    clearInterval(timer);
    events?.removeEventListener('online', onEvent);
    events?.removeEventListener('focus', onEvent);
  }
  return { now: tryNow, stop };
}
