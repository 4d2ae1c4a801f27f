/**
 * Whether this tab can use the database, for the screen to say why when it cannot:
 * - `blocked`: this build must upgrade the database and another tab still holds the old
 *   version open; the upgrade waits (and continues by itself) until that tab lets go.
 * - `superseded`: a newer version of the app opened the database in another tab; this tab
 *   closed its connections so the upgrade can run, and must be reloaded to go on.
 */
export type ConnectionStatus = 'ready' | 'blocked' | 'superseded';

type Listener = (status: ConnectionStatus) => void;

let status: ConnectionStatus = 'ready';
const listeners = new Set<Listener>();

export const SUPERSEDED_MESSAGE = 'A newer version of Interview Flashcards was opened in another tab or window. Reload this tab to continue.';

export function connectionStatus(): ConnectionStatus {
  return status;
}

/** Calls `listener` now and on every change; returns the unsubscribe function. */
export function watchConnectionStatus(listener: Listener): () => void {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

function set(next: ConnectionStatus): void {
  // Superseded is final: only a reload (a new page with the new code) ends it.
  if (status === next || status === 'superseded') return;
  status = next;
  for (const listener of listeners) listener(status);
}

export const upgradeBlocked = () => set('blocked');
export const upgradeUnblocked = () => {
  if (status === 'blocked') set('ready');
};
export const supersededByNewerVersion = () => set('superseded');

/** For writes that would reopen a closed connection: a superseded tab must not touch the newer database. */
export function assertNotSuperseded(): void {
  if (status === 'superseded') throw new Error(SUPERSEDED_MESSAGE);
}
