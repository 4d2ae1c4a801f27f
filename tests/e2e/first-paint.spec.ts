// The architecture guard of the study screen's fast path (docs/ARCHITECTURE.md "The fast path"):
// a fresh visit to a study route shows its first card without loading Dexie, ts-fsrs, marked or
// DOMPurify, and within a size budget of JS and CSS. Checked on the built app, by what the browser
// actually fetched, so a new static import anywhere on that path fails here.
import type { BrowserContext, Response } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/** A string each library's built chunk contains and the app's own code does not. */
const LIBRARIES = {
  Dexie: 'DatabaseClosedError',
  'ts-fsrs': 'FSRSValidationError',
  marked: 'walkTokens:null',
  DOMPurify: 'DOMPurify'
};

/** JS + CSS before the first card, gzipped (what a phone downloads from a compressing server): the bench target. */
const BUDGET_GZIP_BYTES = 60_000;

/** The database exists, as at every start but the very first (which must create it with Dexie). */
async function createDatabase(context: BrowserContext): Promise<void> {
  const setup = await context.newPage();
  await setup.goto('/');
  await setup.locator('a.deck').first().waitFor();
  await setup.close();
}

test('the first card of a study route comes without Dexie, ts-fsrs, marked or DOMPurify, within the size budget', async ({ context }) => {
  await createDatabase(context);

  const page = await context.newPage();
  // The moment the first card is in the page; what the page requested before it is the fast path.
  await page.addInitScript(() => {
    const seen = () => {
      if (!document.querySelector('article.card')) return false;
      (window as unknown as { firstCardAt: number }).firstCardAt = performance.now();
      return true;
    };
    const observer = new MutationObserver(() => seen() && observer.disconnect());
    observer.observe(document, { childList: true, subtree: true });
  });
  const responses: Response[] = [];
  page.on('response', (r) => {
    if (/\.(js|css)$/.test(new URL(r.url()).pathname)) responses.push(r);
  });
  await page.goto('/study/networking');
  await page.locator('article.card').waitFor();
  const urls = await page.evaluate(() => {
    const at = (window as unknown as { firstCardAt: number }).firstCardAt;
    return [
      ...new Set(
        performance
          .getEntriesByType('resource')
          .filter((e) => e.startTime < at && /\.(js|css)$/.test(new URL(e.name).pathname))
          .map((e) => e.name)
      )
    ];
  });
  const before = responses.filter((r) => urls.includes(r.url()));
  // Bodies fetched again from the server (a preloaded module's body is not kept): the same files.
  const bodies = await Promise.all(urls.map(async (url) => ({ url, text: await (await page.request.get(url)).text() })));

  const loaded = Object.entries(LIBRARIES)
    .filter(([, marker]) => bodies.some((b) => b.text.includes(marker)))
    .map(([name]) => name);
  expect(loaded, 'libraries fetched before the first card').toEqual([]);

  const sizes = bodies.map((b) => ({ file: new URL(b.url).pathname, gzip: gzipSync(b.text).length })).sort((a, b) => b.gzip - a.gzip);
  const gzipped = sizes.reduce((sum, b) => sum + b.gzip, 0);
  console.log(`first card: ${bodies.length} JS/CSS files, ${gzipped} bytes gzipped (budget ${BUDGET_GZIP_BYTES})`);
  for (const { file, gzip } of sizes) console.log(`  ${String(gzip).padStart(6)} ${file}`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);

  // The guard can see a library when it does load: answering loads the scheduler (ts-fsrs).
  await page.keyboard.press('Space');
  await page.locator('[data-grade=good]').click();
  await expect
    .poll(async () => {
      for (const r of responses.filter((r) => !before.includes(r))) if ((await r.text().catch(() => '')).includes(LIBRARIES['ts-fsrs'])) return true;
      return false;
    })
    .toBe(true);
});

for (const { route, screen, painted } of [
  { route: '/study/networking', screen: 'the first card', painted: 'article.card' },
  { route: '/', screen: "the deck list's counts", painted: 'ul.decks a.deck [data-count]' }
])
  test(`${screen} is read over the connection the app shell's inline script opened, and only that one`, async ({ context }) => {
    await createDatabase(context);

    const page = await context.newPage();
    // Every IndexedDB open of the page, with the document's state at the call, until the first screen.
    await page.addInitScript((painted) => {
      const opens: { version: number | undefined; caller: 'app module' | 'page' }[] = [];
      // Transactions once the screen is there: a screen that keeps reloading itself keeps making them.
      const later: number[] = [];
      Object.assign(window, { opens, later });
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args: Parameters<IDBDatabase['transaction']>) {
        if (document.querySelector(painted)) later.push(performance.now());
        return transaction.apply(this, args);
      };
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (name: string, version?: number) {
        // The caller's frame: one of the app's modules, or the page itself (index.html's inline script).
        const caller = /\/_app\//.test(new Error().stack?.split('\n')[2] ?? '') ? 'app module' : 'page';
        if (!document.querySelector(painted)) opens.push({ version, caller });
        return version === undefined ? open.call(this, name) : open.call(this, name, version);
      };
    }, painted);
    await page.goto(route);
    await page.locator(painted).first().waitFor();
    const opens = await page.evaluate(() => (window as unknown as { opens: { version: number | undefined; caller: string }[] }).opens);
    // index.html's inline script (scripts/preload-routes.ts) opened it; the app took it over. (When
    // it opens depends on localStorage's database-opened key, else on indexedDB.databases(), which a
    // busy machine can answer after the load event.)
    expect(opens).toEqual([{ version: undefined, caller: 'page' }]);
    // Then the app settles: not a screen that keeps reading again (the deck list did, when its
    // $effect came to depend on the counts it sets, and a click on a deck took 26 s).
    await page.waitForTimeout(3_000);
    const settled = await page.evaluate(() => performance.now());
    await page.waitForTimeout(2_000);
    const later = await page.evaluate(() => (window as unknown as { later: number[] }).later);
    // (Measured: 0-2 in those 2 s, against 266 with that bug.)
    expect(later.filter((t) => t > settled).length).toBeLessThanOrEqual(10);
  });
