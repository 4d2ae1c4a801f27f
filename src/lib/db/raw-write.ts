import { connection, type Readable } from './raw';
import { trackTransaction } from './page-freeze';
import type { StoreName } from './stores';
import { reportWriteOutcome, writeGate } from './write-outcomes';

/*
 * The plain-IndexedDB write under the gateway (gateway-raw.ts), apart from raw.ts: the study
 * screen's first card needs raw.ts's reads, and this loads with the write code after it.
 */

/**
 * One read-write transaction, for the gateway only (gateway-raw.ts); resolves with `work`'s result once the transaction has committed,
 * rejects (and nothing is written) if any request or `work` fails.
 */
export async function write<T>(source: Readable, stores: readonly StoreName[], work: (tx: IDBTransaction) => Promise<T>): Promise<T> {
  // Refused before it reaches IndexedDB while the disk is nearly full (disk-guard.ts).
  const gate = writeGate();
  if (gate) await gate;
  const idb = await connection(source);
  const tx = trackTransaction(idb.transaction([...stores], 'readwrite'));
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
  let result: T;
  try {
    result = await work(tx);
  } catch (error) {
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
