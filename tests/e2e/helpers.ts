import { expect, type Locator, type Page } from '@playwright/test';
import { indexComplete, INDEX_PROGRESS_KEY, type IndexProgressRow } from '../../src/lib/db/search-words';

/** Reads a whole object store with raw IndexedDB, independent of the app's code. */
export async function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          // A database without the store was just created by this open: the collection is gone.
          if (!db.objectStoreNames.contains(storeName)) {
            db.close();
            reject(new Error(`the database has no "${storeName}" store (version ${db.version}): the collection is gone`));
            return;
          }
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

/** Every object store of the app's database. */
/** Whether the word index is built: its progress row ('' in cardWords) says done with nothing pending. */
export async function wordIndexDone(page: Page): Promise<boolean> {
  const rows = await readStore<{ id: string }>(page, 'cardWords');
  return indexComplete(rows.find((r) => r.id === INDEX_PROGRESS_KEY) as IndexProgressRow | undefined);
}

/**
 * Waits for a first visit's word index build, a bulk write in the background (a worker). A test
 * that fills the disk waits for it: a disk that fills under a write already past the disk guard's
 * check costs the collection, and nothing can guard that moment (docs/STORAGE.md, "What remains").
 */
export async function waitForWordIndex(page: Page, timeout = 60_000): Promise<void> {
  await expect.poll(() => wordIndexDone(page), { timeout }).toBe(true);
}

export const STORES = ['decks', 'cards', 'reviewLogs', 'settings', 'media'] as const;

/** Every store's rows, sorted by key, so two reads compare equal when the data is the same. */
export async function readAll(page: Page) {
  const out: Record<string, unknown[]> = {};
  for (const store of STORES) {
    const rows = await readStore<Record<string, unknown>>(page, store);
    out[store] = rows.sort((a, b) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
  }
  return out;
}

/** Answers the card on screen with Good and waits for the next one. */
export async function answerGood(page: Page) {
  const id = await page.locator('article.card').getAttribute('data-card-id');
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.locator('[data-grade=good]').click();
  await movedOn(page.locator('article.card'), id!);
}

/**
 * Waits for the study card to be another than `id` and for the answer before it to be committed:
 * the next card can be painted as the grade is given, and is aria-busy until its answer is written.
 */
export async function movedOn(card: Locator, id: string): Promise<void> {
  await expect(card).not.toHaveAttribute('data-card-id', id);
  await expect(card).not.toHaveAttribute('aria-busy', 'true');
}
