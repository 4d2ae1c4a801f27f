import { RendererCrashed, type EngineDriver } from './drivers/driver';

/**
 * Waits until `body` (an async function body run in the page) returns something truthy, and
 * returns it. A wait, not a timed assertion: the timeout only bounds a hang.
 */
export async function until<T>(driver: EngineDriver, what: string, body: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      // One evaluation that never answers (a page being replaced) must not outlast the wait.
      last = await Promise.race([driver.run<T>(body), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer from the page')), 5_000))]);
      if (last) return last as T;
    } catch (e) {
      if (e instanceof RendererCrashed) throw e;
      // A navigation in progress destroys the page's script context: try again.
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Page code for a CSS selector's first match (source text, see driver.ts). */
const q = (selector: string) => `document.querySelector(${JSON.stringify(selector)})`;

/** The element is in the page and rendered (not display:none, not zero-sized). */
export const visible = (selector: string) => `const el = ${q(selector)}; return !!el && el.getClientRects().length > 0;`;

export const attribute = (selector: string, name: string) => `return ${q(selector)}?.getAttribute(${JSON.stringify(name)}) ?? null;`;

export const text = (selector: string) => `return ${q(selector)}?.textContent?.trim() ?? null;`;

/** The id of the card on the study screen. */
export const cardOnScreen = (driver: EngineDriver) => driver.run<string | null>(attribute('article.card', 'data-card-id'));

/**
 * Waits for a study card other than `previous` (or any card) whose answer before it has committed
 * (a next card can be painted before: aria-busy until then), and returns its id.
 */
export const nextCard = (driver: EngineDriver, previous: string | null = null) =>
  until<string>(
    driver,
    previous ? `a card other than ${previous}` : 'a card',
    `const card = ${q('article.card:not([aria-busy="true"])')}; const id = card?.getAttribute('data-card-id'); return id && id !== ${JSON.stringify(previous)} ? id : null;`
  );

/**
 * One object store's rows, read with plain IndexedDB apart from the app's code, mapped in the
 * page by `pick` (an expression over `row`) so only what the test compares crosses over.
 */
export const readStore = <T>(driver: EngineDriver, store: string, pick = 'row') =>
  driver.run<T[]>(`
    const rows = await new Promise((resolve, reject) => {
      const open = indexedDB.open('interview-flashcards');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const request = db.transaction(${JSON.stringify(store)}, 'readonly').objectStore(${JSON.stringify(store)}).getAll();
        request.onsuccess = () => { db.close(); resolve(request.result); };
        request.onerror = () => reject(request.error);
      };
    });
    return rows.map((row) => (${pick}));`);

/** Review log rows as [cardId, rating], in the order they were answered. */
export const reviewLog = async (driver: EngineDriver) =>
  (await readStore<[string, number, number]>(driver, 'reviewLogs', '[row.cardId, row.rating, row.review]'))
    .sort((a, b) => a[2] - b[2])
    .map(([id, rating]) => [id, rating]);

/** Texts of error messages on screen (role=alert), which no step of the suite expects. */
export const alerts = (driver: EngineDriver) =>
  driver.run<string[]>(
    `return [...document.querySelectorAll('[role=alert]')].filter((el) => el.getClientRects().length > 0).map((el) => el.textContent.trim());`
  );

/** What was on screen, for a failure's report. */
export const snapshot = (driver: EngineDriver) =>
  driver
    .run<Record<string, unknown>>(
      `return {
        url: location.href,
        card: document.querySelector('article.card')?.dataset.cardId ?? null,
        buttons: [...document.querySelectorAll('main button, footer button')].map((b) => b.textContent.trim().replace(/\\s+/g, ' ')),
        focus: document.activeElement?.outerHTML.slice(0, 120) ?? null,
        text: document.querySelector('main')?.innerText.slice(0, 400) ?? null
      };`
    )
    .catch((e) => ({ unavailable: String(e) }));
