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
