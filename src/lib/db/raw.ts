import { assertNotSuperseded, supersededByNewerVersion } from './connection-status';
import type { FlashcardDatabase } from './database';
import { DATABASE_NAME, NATIVE_SCHEMA_VERSION } from './identity';
import type { StoreName } from './stores';
import { noteConnectionLost, reloadNeeded, roomToReopen, sealLogIfNeeded, sealNeeded } from './log-seal';
import { assertNotFrozen, trackConnection, trackTransaction } from './page-freeze';
import { takeShellConnection, type ShellConnection } from './shell-open';

/**
 * The app's IndexedDB without Dexie, for the hot paths the benchmark measured: the queue's
 * reads (index counts and single-row lookups in one transaction, nothing Dexie adds value to),
 * the first card before Dexie has loaded, and the connection under the writes of gateway-raw.ts
 * (raw-write.ts: an answer written with the next card read in one transaction, the import's bulk
 * write). Schema creation and upgrades go through Dexie (database.ts). Outside src/lib/db only the
 * reads are used.
 */
export type Readable = FlashcardDatabase | IDBDatabase;

/** An object store as reads see it: no method that writes. */
export type ReadStore = Pick<IDBObjectStore, 'get' | 'getAll' | 'getAllKeys' | 'count' | 'index' | 'openCursor' | 'openKeyCursor'>;

/** A transaction as reads see it (a read-write one too, inside the gateway). */
export interface ReadTx {
  objectStore(name: StoreName): ReadStore;
}

/** Sorts after every number, string and date: the open upper end of a compound range. */
export const MAX_KEY: IDBValidKey = [];

/** The IndexedDB connection behind `source`, opening Dexie first when it is given and closed. */
export async function connection(source: Readable): Promise<IDBDatabase> {
  // A tab superseded by a newer version closed its connections: reopening would use a schema it does not know.
  assertNotSuperseded();
  assertNotFrozen();
  if (!('backendDB' in source)) return source;
  if (!source.isOpen()) await source.open();
  return source.backendDB();
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** One read-only transaction; `work` should issue its requests at once and await them together. */
export async function read<T>(source: Readable, stores: readonly StoreName[], work: (tx: ReadTx) => Promise<T>): Promise<T> {
  const idb = await connection(source);
  return work(trackTransaction(idb.transaction([...stores], 'readonly')));
}

/** The first row of an index range (lowest key), or undefined. */
export function first<T>(index: Pick<IDBIndex, 'getAll'>, range: IDBKeyRange): Promise<T | undefined> {
  return request(index.getAll(range, 1)).then((rows) => rows[0] as T | undefined);
}

/**
 * Opens the app's database only if it already exists at the schema version this code was
 * built for; otherwise null, and the caller waits for Dexie (which creates or upgrades it).
 * Never creates the database: an upgrade request is aborted before it writes anything.
 */
export async function openCurrentDatabase(name = DATABASE_NAME, version = NATIVE_SCHEMA_VERSION): Promise<IDBDatabase | null> {
  // The open index.html started while the page parsed (shell-open.ts), when there is one.
  const started = name === DATABASE_NAME ? takeShellConnection() : null;
  // After a write failed for space, the next open must be followed by a seal (log-seal.ts).
  if (reloadNeeded() || (sealNeeded() && !(await roomToReopen()))) {
    void started?.then((idb) => idb?.close());
    return null;
  }
  const idb = started ? adoptIfCurrent(await started, version) : await openIfCurrent(name, version);
  if (idb && sealNeeded()) await sealLogIfNeeded();
  return idb;
}

function openIfCurrent(name: string, version: number): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(name);
    } catch {
      resolve(null);
      return;
    }
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onerror = (event) => {
      event.preventDefault();
      resolve(null);
    };
    req.onblocked = () => resolve(null);
    req.onsuccess = () => resolve(adoptIfCurrent(req.result, version));
  });
}

/** An open connection, kept only at `version` (else closed) and watched like every raw connection. */
function adoptIfCurrent(idb: ShellConnection | null, version: number): IDBDatabase | null {
  if (!idb || idb.closedEarly) return null;
  if (idb.version !== version) {
    idb.close();
    return null;
  }
  // Never hold up another tab's upgrade.
  idb.onversionchange = (event) => {
    idb.close();
    if ((event.newVersion ?? 0) > version) supersededByNewerVersion();
  };
  // Chromium closes connections itself after a failed write (log-seal.ts).
  idb.onclose = noteConnectionLost;
  return trackConnection(idb);
}
