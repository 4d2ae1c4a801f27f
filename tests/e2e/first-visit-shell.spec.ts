import { expect, test, type Page } from '@playwright/test';

// The app shell's inline script (scripts/preload-routes.ts) starts what a first visit of a study
// link needs before the app's own code has run: the deck manifest and that deck's file, which the
// app's fetch() then reuses. With a database (a later visit) it starts neither.

// No service worker: every request of both visits goes to the network, where the test sees it.
test.use({ serviceWorkers: 'block' });

/** Holds the app's entry module until the returned function is called: only the shell runs. */
async function holdAppCode(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_app\/immutable\/entry\/start\.[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a first visit of a study link requests its deck file from the shell, once; a later visit does not', async ({ page }) => {
  const decks: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/decks/')) decks.push(path);
  });

  let release = await holdAppCode(page);
  await page.goto('/study/networking', { waitUntil: 'commit' });
  // Nothing of the app has run (its entry is held), yet the deck is on its way.
  await expect.poll(() => decks).toEqual(['/decks/manifest.json', expect.stringMatching(/^\/decks\/networking\.[^/]+\.json$/)]);
  release();
  // Confirmed by the database (not only painted from the deck file, first-visit-card.ts): the deck
  // is stored, so the reload below is a later visit with nothing left to merge for this deck.
  await expect(page.locator('article.card:not([aria-busy="true"])')).toBeVisible();
  // The app's own requests for the two files were answered by the shell's (no second download).
  const networking = decks.filter((p) => p.startsWith('/decks/networking.'));
  expect(networking).toHaveLength(1);

  // A later visit: the database is there, so the shell starts no deck download.
  await page.unroute(/\/_app\/immutable\/entry\/start\.[^/]+\.js$/);
  decks.length = 0;
  release = await holdAppCode(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  // The shell asked the same question before this (IndexedDB answers in order): it has decided.
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('interview-flashcards');
  expect(decks.filter((p) => p.startsWith('/decks/networking.'))).toEqual([]);
  release();
  await expect(page.locator('article.card')).toBeVisible();
  expect(decks.filter((p) => p.startsWith('/decks/networking.'))).toEqual([]);
});
