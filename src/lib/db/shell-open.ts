/**
 * The connection the app shell started. On a study route, index.html's inline script (added by
 * the build, scripts/preload-routes.ts) calls `indexedDB.open` while the page is still parsing,
 * so the open (tens of ms on disk, more on a busy phone) overlaps the download and start of the
 * app's modules instead of following them. It opens without a version and aborts an upgrade, so
 * it never creates the database; raw.ts adopts the connection only at this build's version.
 */
declare global {
  interface Window {
    /** Set by index.html's inline script; taken once. */
    __earlyDatabase?: Promise<IDBDatabase | null>;
  }
}

/** Marked by the shell's script when another tab's upgrade made it close the connection before the app took it. */
export interface ShellConnection extends IDBDatabase {
  closedEarly?: boolean;
}

/** The shell's connection request, at most once; null when the shell started none. */
export function takeShellConnection(): Promise<ShellConnection | null> | null {
  if (typeof window === 'undefined' || !window.__earlyDatabase) return null;
  const started = window.__earlyDatabase;
  delete window.__earlyDatabase;
  return started.catch(() => null);
}
