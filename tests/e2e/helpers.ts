import type { Page } from '@playwright/test';

/** Reads a whole object store with raw IndexedDB, independent of the app's code. */
export async function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store
  );
}

export async function openFirstDeck(page: Page): Promise<string> {
  await page.goto('/');
  const deck = page.locator('a.deck').first();
  await deck.waitFor();
  const id = (await deck.getAttribute('data-deck'))!;
  await deck.click();
  await page.locator('article.card').waitFor();
  return id;
}

/**
 * Waits until an activated service worker controls the page (see STACK.md pitfalls). The check
 * is synchronous on purpose: waitForFunction does not await a promise-returning predicate.
 */
export async function waitForServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30_000 });
}
