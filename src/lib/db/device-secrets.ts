// This device's own secrets: values that must survive a reload but never leave the device. A
// small IndexedDB database of its own, beside the app's: not a table of the app's database, so
// no backup exports it, no restore clears it, the change feed never records it and sync never
// reads it. Values are stored by structured clone, so a non-extractable CryptoKey is kept as a
// key object: scripts of this origin can use it, none can read its bytes.
import { request } from './raw';

export const DEVICE_DATABASE_NAME = 'interview-flashcards-device';
const STORE = 'secrets';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DEVICE_DATABASE_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => {
      const db = req.result;
      // Another tab deleting the database (or a newer version) must not wait on this connection.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('the device store is blocked by another tab'));
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  const tx = db.transaction(STORE, mode);
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('the device store transaction was aborted'));
  });
  const result = await request(work(tx.objectStore(STORE)));
  await committed;
  return result;
}

/** The secret stored under `key`, or undefined (also when the browser refuses IndexedDB). */
export async function readDeviceSecret<T>(key: string): Promise<T | undefined> {
  try {
    return (await inStore('readonly', (s) => s.get(key))) as T | undefined;
  } catch {
    return undefined;
  }
}

export async function writeDeviceSecret(key: string, value: unknown): Promise<void> {
  await inStore('readwrite', (s) => s.put(value, key));
}

/** Removes every secret whose key starts with `prefix`. */
export async function deleteDeviceSecrets(prefix: string): Promise<void> {
  await inStore('readwrite', (s) => s.delete(IDBKeyRange.bound(prefix, prefix + '\uffff')));
}
