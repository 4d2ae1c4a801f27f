import { openCurrentDatabase } from '../db/raw';

/**
 * The study route's load (+page.ts) starts opening the database with plain IndexedDB (raw.ts)
 * before the page is mounted, so the open (tens of ms on disk) overlaps the framework's own
 * start instead of following it. The session takes the connection once; one not taken soon (a
 * link hovered and not followed: SvelteKit preloads on hover) is closed.
 */
const UNCLAIMED_MS = 10_000;

let early: Promise<IDBDatabase | null> | null = null;

export function openEarly(): void {
  if (early) return;
  const connection = openCurrentDatabase().catch(() => null);
  early = connection;
  setTimeout(() => {
    if (early !== connection) return;
    early = null;
    void connection.then((db) => db?.close());
  }, UNCLAIMED_MS);
}

/** The connection openEarly started, at most once; null when none was started (then open one as usual). */
export function takeEarlyConnection(): Promise<IDBDatabase | null> | null {
  const connection = early;
  early = null;
  return connection;
}
