/**
 * The back/forward cache freezes a page the user navigates away from (a full navigation: a typed
 * URL, a reload link). WebKit freezes it with its IndexedDB transactions still open: their events
 * can no longer run, so they never finish, and the next page's writes to the same stores wait
 * behind them for as long as the frozen page stays cached (seen in WebKitGTK: an import stuck at
 * "Saving… 0%"). So on a freeze this page aborts what it has in flight, as closing the tab would,
 * closes its connections and opens no more; if the user comes back to it, it reloads.
 */
const open = new Set<IDBTransaction>();
const connections = new Set<IDBDatabase>();
const onFreeze = new Set<() => void>();
let frozen = false;
let watching = false;

/** A connection to close on a freeze (raw.ts's own; Dexie's closes through `closeOnPageFreeze`). */
export function trackConnection(idb: IDBDatabase): IDBDatabase {
  connections.add(idb);
  return idb;
}

/** Records a transaction until it finishes: raw.ts's, and Dexie's through a middleware (database.ts). */
export function trackTransaction(tx: IDBTransaction): IDBTransaction {
  if (!watching && typeof addEventListener === 'function') watchPageFreeze();
  open.add(tx);
  const finished = () => open.delete(tx);
  tx.addEventListener('complete', finished);
  tx.addEventListener('abort', finished);
  return tx;
}

/** `close` runs on a freeze (Dexie's own close, so it does not reopen by itself). */
export function closeOnPageFreeze(close: () => void): void {
  onFreeze.add(close);
}

/** For code about to open a connection: a frozen page must not start anything new. */
export function assertNotFrozen(): void {
  if (frozen) throw new DOMException('This page was left for another; reload it to continue.', 'InvalidStateError');
}

export function freezePage(): void {
  frozen = true;
  for (const tx of open) {
    try {
      tx.abort();
    } catch {
      // finished meanwhile
    }
  }
  open.clear();
  for (const close of onFreeze) close();
  for (const idb of connections) idb.close();
  connections.clear();
}

/** Listens for the page entering (pagehide, persisted) and leaving (pageshow) the back/forward cache. */
export function watchPageFreeze(target: EventTarget = globalThis, reload = () => location.reload()): void {
  watching = true;
  target.addEventListener('pagehide', (event) => {
    if ((event as PageTransitionEvent).persisted) freezePage();
  });
  target.addEventListener('pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted && frozen) reload();
  });
}

/** Test hook: forget every connection and the frozen state. */
export function resetPageFreeze(): void {
  frozen = false;
  watching = false;
  open.clear();
  connections.clear();
  onFreeze.clear();
}
