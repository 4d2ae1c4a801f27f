import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rating } from 'ts-fsrs';
import { recordAnswerThen } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { dropPendingAnswer, keepPendingAnswer, pendingAnswer, readPendingAnswer, retryUntilWritten } from '../../src/lib/srs/pending-answers';
import { isOutOfSpace } from '../../src/lib/db/write-errors';
import { seededDb } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();
const scheduler = createScheduler(DEFAULT_SETTINGS);

/** A Storage in memory (sessionStorage's interface). */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v))
  };
}

/** Makes the next `times` commits of the review log fail the way a full disk does. */
function failLogWrites(times: number) {
  const original = IDBObjectStore.prototype.add;
  let left = times;
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (this.name === 'reviewLogs' && left-- > 0) throw new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
    return original.apply(this, args);
  };
  return () => (IDBObjectStore.prototype.add = original);
}

afterEach(() => vi.useRealTimers());

describe('an answer kept while the disk is full', () => {
  it('survives a reload in session storage and is dropped once written', () => {
    const storage = memoryStorage();
    const answer = pendingAnswer({ deckId: 'd', cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 4200 });
    expect(keepPendingAnswer(answer, storage)).toBe(true);
    expect(readPendingAnswer('d', storage)).toEqual(answer);
    expect(readPendingAnswer('other', storage)).toBeNull();
    dropPendingAnswer('d', storage);
    expect(readPendingAnswer('d', storage)).toBeNull();
  });

  it('says so when session storage refuses, and reads nothing from a damaged entry', () => {
    const refusing = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      }
    } as Storage;
    expect(keepPendingAnswer(pendingAnswer({ deckId: 'd', cardId: 'c', grade: Rating.Good, now: noon, durationMs: 1 }), refusing)).toBe(false);
    const damaged = memoryStorage();
    damaged.setItem('pending-answer:d', '{"cardId": 3');
    expect(readPendingAnswer('d', damaged)).toBeNull();
  });

  it('is written with its own review time and log id, exactly once however often it is retried', async () => {
    const db = await seededDb('d', 3, noon);
    const answer = pendingAnswer({ deckId: 'd', cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 4200 });
    const write = () => recordAnswerThen(db, scheduler, answer, async () => null);

    const restore = failLogWrites(1);
    try {
      const failure = await write().catch((e: unknown) => e);
      expect(isOutOfSpace(failure, { connectionLost: false })).toBe(true);
    } finally {
      restore();
    }
    expect(await db.reviewLogs.count()).toBe(0);
    expect((await db.cards.get('d-c0'))!.reps).toBe(0);

    const { log } = await write();
    expect(log).toMatchObject({ id: answer.logId, cardId: 'd-c0', rating: Rating.Good, review: noon, duration: 4200 });
    // A retry whose first success went unnoticed (a reload right after the commit) changes nothing.
    const again = await write();
    expect(again.log).toEqual(log);
    expect(await db.reviewLogs.toArray()).toEqual([log]);
    expect((await db.cards.get('d-c0'))!.reps).toBe(1);
  });

  it('retries on an interval, on online and on focus, never two at once, and stops once written', async () => {
    vi.useFakeTimers();
    const events = new EventTarget();
    const results = [false, false, true];
    let calls = 0;
    let running = 0;
    let overlapped = false;
    const attempt = async () => {
      calls++;
      overlapped ||= running > 0;
      running++;
      await Promise.resolve();
      running--;
      return results.shift() ?? true;
    };
    const retry = retryUntilWritten(attempt, { intervalMs: 5000, events });
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(1);
    events.dispatchEvent(new Event('online'));
    events.dispatchEvent(new Event('focus')); // while the first is still running: joins it
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2);
    expect(await retry.now()).toBe(true); // the "Try again" button
    expect(calls).toBe(3);
    await vi.advanceTimersByTimeAsync(20_000);
    events.dispatchEvent(new Event('online'));
    expect(calls).toBe(3);
    expect(overlapped).toBe(false);
  });
});
