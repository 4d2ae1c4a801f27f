import { connection, type Readable } from './raw';
import { trackTransaction } from './page-freeze';
import type { StoreName } from './stores';
import { reportWriteOutcome, writeGate, writeGateIsQuick } from './write-outcomes';

/*
 * The plain-IndexedDB write under the gateway (gateway-raw.ts), apart from raw.ts: the study
 * screen's first card needs raw.ts's reads, and this loads with the write code after it.
 */

/**
 * One read-write transaction, for the gateway only (gateway-raw.ts); resolves with `work`'s result once the transaction has committed,
 * rejects (and nothing is written) if any request or `work` fails.
 */
export async function write<T>(
  source: Readable,
  stores: readonly StoreName[],
  work: (tx: IDBTransaction, writable: () => Promise<void> | undefined) => Promise<T>
): Promise<T> {
  // Refused before it reaches IndexedDB while the disk is nearly full (disk-guard.ts). The quick
  // check runs beside the transaction's first reads (an answer's card, a round trip it waits for
  // anyway): `work` awaits `writable()` before its first write. A probe is waited for first.
  const beside = writeGateIsQuick();
  const gate = writeGate();
  if (gate && !beside) await gate;
  const idb = await connection(source);
  const tx = trackTransaction(idb.transaction([...stores], 'readwrite'));
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
  const passed = gate && beside ? openUntil(tx, gate) : undefined;
  let refusal: unknown = null;
  // The guard's own refusal (not a request failing because the transaction aborted for another reason).
  if (passed) gate!.catch((error) => (refusal = error));
  passed?.catch(() => undefined);
  let result: T;
  try {
    result = await work(tx, () => passed);
    if (passed) await passed; // refused: nothing is kept, even if `work` wrote nothing
  } catch (error) {
    if (refusal !== null) {
      // The guard refused: not a failed write (nothing reached the disk), so not reported as one.
      try {
        tx.abort();
      } catch {
        // already finished
      }
      committed.catch(() => undefined);
      throw refusal;
    }
    try {
      tx.abort();
    } catch {
      // already finished
    }
    // A request of an aborted transaction fails with a bare AbortError ("The transaction was
    // aborted"); the reason (a full disk, say) is the transaction's own error.
    const reason =
      error instanceof DOMException && error.name === 'AbortError'
        ? await committed.then(
            () => error,
            (abort) => abort ?? error
          )
        : error;
    committed.catch(() => undefined);
    reportWriteOutcome({ ok: false, error: reason });
    throw reason;
  }
  await committed.catch((error) => {
    reportWriteOutcome({ ok: false, error });
    throw error;
  });
  reportWriteOutcome({ ok: true });
  return result;
}

/**
 * Keeps `tx` active (a read of a key no row has, again and again) until `gate` settles, and
 * settles with it inside a request's callback, where the transaction still takes requests.
 */
function openUntil(tx: IDBTransaction, gate: Promise<void>): Promise<void> {
  let outcome: { error: unknown } | 'passed' | null = null;
  gate.then(
    () => (outcome = 'passed'),
    (error) => (outcome = { error })
  );
  const store = tx.objectStore(tx.objectStoreNames[0]);
  return new Promise((resolve, reject) => {
    const wait = () => {
      if (outcome === 'passed') return resolve();
      if (outcome) return reject(outcome.error);
      const req = store.get(NO_ROW);
      req.onsuccess = wait;
      req.onerror = () => reject(req.error);
    };
    wait();
  });
}

/** A key no store holds (every store's keys are strings or numbers above it). */
const NO_ROW = -Infinity;
