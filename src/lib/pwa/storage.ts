/** Durable storage: ask the browser not to evict the review history, and report usage. */
const ASKED_KEY = 'storage-persist-asked';

export interface StorageReport {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export async function storageReport(): Promise<StorageReport> {
  const storage = navigator.storage;
  if (!storage) return { persisted: null, usage: null, quota: null };
  const [persisted, estimate] = await Promise.all([storage.persisted?.() ?? null, storage.estimate?.() ?? null]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** Asks once, after the first answer: by then the user has data worth keeping. */
export async function requestPersistenceOnce(): Promise<boolean | null> {
  if (!navigator.storage?.persist || localStorage.getItem(ASKED_KEY)) return null;
  localStorage.setItem(ASKED_KEY, String(Date.now()));
  return navigator.storage.persist();
}

export async function requestPersistence(): Promise<boolean | null> {
  return navigator.storage?.persist ? navigator.storage.persist() : null;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let n = bytes;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n >= 10 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}
