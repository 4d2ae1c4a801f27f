import { publishCommitted } from './change-set';
import { changeFeedOn } from './change-feed';
import { request, type Readable, type ReadTx } from './raw';
import { write } from './raw-write';
import { Store, withDerivedStores, type DataStoreName } from './stores';
import { GatewayWriter, type StorePrimitives, type Writer } from './writer';

/** Rows handed to IndexedDB per main-thread task in a bulk put (each put clones its row synchronously). */
const CHUNK = 1000;
/** Chunks queued in IndexedDB at any time, so it never waits for the page. */
const IN_FLIGHT = 4;

/**
 * The write gateway over plain IndexedDB (no Dexie), for the hot paths: an answer written with the
 * next card read in the same transaction, on the study screen before Dexie has loaded, and the
 * import's bulk write. `work` gets the Writer for every write and the transaction for reads only.
 * Resolves once everything committed; on any failure nothing is written.
 */
export async function transactRaw<T>(source: Readable, stores: readonly DataStoreName[], work: (w: Writer, tx: ReadTx) => Promise<T>): Promise<T> {
  const feedOn = changeFeedOn();
  let writer!: GatewayWriter;
  const result = await write(source, feedOn ? [...withDerivedStores(stores), Store.outbox] : withDerivedStores(stores), (tx) => {
    writer = new GatewayWriter(rawPrimitives(tx), feedOn);
    return work(writer, tx);
  });
  publishCommitted(writer.changes);
  return result;
}

/** `start()`, with a synchronous throw (a request refused on the spot) turned into a rejection, so no sibling promise is left unhandled. */
function attempt<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}

function rawPrimitives(tx: IDBTransaction): StorePrimitives {
  return {
    put: (store, rows, onProgress) => attempt(() => putPipelined(tx.objectStore(store), rows, onProgress)),
    get: (store, keys) =>
      attempt(() => {
        const s = tx.objectStore(store);
        return Promise.all(keys.map((key) => request<object | undefined>(s.get(key))));
      }),
    getRange: (store, low, high, limit) => attempt(() => request<object[]>(tx.objectStore(store).getAll(IDBKeyRange.bound(low, high), limit))),
    add: (store, row) => attempt(() => request(tx.objectStore(store).add(row)).then(() => undefined)),
    delete: (store, keys) =>
      attempt(() => {
        const s = tx.objectStore(store);
        return Promise.all(keys.map((key) => request(s.delete(key)))).then(() => undefined);
      }),
    clear: (store) => attempt(() => request(tx.objectStore(store).clear()).then(() => undefined)),
    feed: (rows) =>
      attempt(() => {
        const s = tx.objectStore(Store.outbox);
        return Promise.all(rows.map((row) => request(s.add(row)))).then(() => undefined);
      }),
    all: (work) => Promise.all(work)
  };
}

/**
 * Puts every row, CHUNK rows per task with IN_FLIGHT chunks queued: IndexedDB always has work
 * queued, and between chunks the page can paint a progress bar instead of freezing while tens
 * of thousands of rows are cloned. Each chunk is issued from a request callback, so the
 * transaction stays active throughout.
 */
function putPipelined(store: IDBObjectStore, unordered: readonly object[], onProgress?: (done: number) => void): Promise<void> {
  const rows = inKeyOrder(store.keyPath, unordered);
  return new Promise((resolve, reject) => {
    let next = 0;
    const issue = () => {
      if (next >= rows.length) return;
      const end = Math.min(next + CHUNK, rows.length);
      let last!: IDBRequest;
      try {
        for (let i = next; i < end; i++) last = store.put(rows[i]);
      } catch (error) {
        reject(error);
        return;
      }
      next = end;
      last.onsuccess = () => {
        onProgress?.(end);
        if (end === rows.length) resolve();
        else issue();
      };
      last.onerror = () => reject(last.error);
    };
    if (rows.length === 0) resolve();
    for (let i = 0; i < IN_FLIGHT; i++) issue();
  });
}

/**
 * The rows sorted by their key (a stable sort: of two rows with one key the later is still put
 * last). The storage takes a bulk write in key order faster: an import's ids are hashes, in no
 * order, and sorting 10k of them costs milliseconds (docs/BENCHMARK.md §34).
 */
function inKeyOrder(keyPath: string | string[] | null, rows: readonly object[]): readonly object[] {
  if (rows.length < 2 || typeof keyPath !== 'string') return rows;
  const keyOf = (row: object) => (row as Record<string, string | number>)[keyPath];
  return [...rows].sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
