import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertNotFrozen, resetPageFreeze, trackConnection, trackTransaction, watchPageFreeze } from '../../src/lib/db/page-freeze';

function openStore(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('rows');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const pageEvent = (type: string, persisted: boolean) => Object.assign(new Event(type), { persisted });

const countRows = (idb: IDBDatabase) =>
  new Promise<number>((resolve) => {
    const req = idb.transaction('rows').objectStore('rows').count();
    req.onsuccess = () => resolve(req.result);
  });

describe('page freeze (back/forward cache)', () => {
  afterEach(() => resetPageFreeze());

  it('aborts the open transactions and closes the connections when the page is frozen, and reloads it when restored', async () => {
    const page = new EventTarget();
    const reload = vi.fn();
    watchPageFreeze(page, reload);
    const idb = trackConnection(await openStore('freeze-1'));
    const tx = trackTransaction(idb.transaction('rows', 'readwrite'));
    tx.objectStore('rows').put('answer', 1);
    const ended = new Promise((resolve) => {
      tx.oncomplete = () => resolve('complete');
      tx.onabort = () => resolve('abort');
    });

    page.dispatchEvent(pageEvent('pagehide', true));
    expect(await ended).toBe('abort');
    expect(() => assertNotFrozen()).toThrow(/reload/);
    // Closed: nothing new can start on it.
    expect(() => idb.transaction('rows')).toThrow();
    const other = await openStore('freeze-1');
    expect(await countRows(other)).toBe(0);
    other.close();

    page.dispatchEvent(pageEvent('pageshow', true));
    expect(reload).toHaveBeenCalledOnce();
  });

  it('leaves everything alone when the page is not kept in the cache (a plain unload) or shown for the first time', async () => {
    const page = new EventTarget();
    const reload = vi.fn();
    watchPageFreeze(page, reload);
    const idb = trackConnection(await openStore('freeze-2'));
    const tx = trackTransaction(idb.transaction('rows', 'readwrite'));
    tx.objectStore('rows').put('answer', 1);
    page.dispatchEvent(pageEvent('pagehide', false));
    page.dispatchEvent(pageEvent('pageshow', false));
    await new Promise((resolve) => (tx.oncomplete = resolve));
    expect(await countRows(idb)).toBe(1);
    expect(() => assertNotFrozen()).not.toThrow();
    expect(reload).not.toHaveBeenCalled();
    idb.close();
  });
});
