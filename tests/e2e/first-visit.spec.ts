import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readStore, waitForServiceWorker } from './helpers';

// A first visit that follows a link to one deck (issue 17): only that deck's file before its
// first card, files sent compressed, and every deck there and offline once the worker is active.
test('a first visit to a study link loads only that deck before its first card, and every deck is there offline afterwards', async ({ page, context }) => {
  // When the first card reached the DOM, as the page saw it (the other decks follow right after).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('article.card')) return;
      (window as unknown as { cardAt: number }).cardAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const encodings = new Map<string, string>();
  page.on('response', async (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/_app/immutable/') || path.startsWith('/decks/')) encodings.set(path, (await r.allHeaders())['content-encoding'] ?? 'identity');
  });

  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/study/networking');
  await expect(page.locator('article.card')).toBeVisible();
  const deckFiles = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime < (window as unknown as { cardAt: number }).cardAt)
      .map((e) => new URL(e.name).pathname)
      .filter((path) => /^\/decks\/(?!manifest\.json).+\.json$/.test(path))
  );
  expect(deckFiles).toEqual([expect.stringMatching(/^\/decks\/networking\.[^/]+\.json$/)]);
  // Precompressed by the build (precompress.ts) and picked by the server from Accept-Encoding:
  // every file the build wrote a brotli copy of is sent brotli; only files too small to gain
  // (under 1 KB, left uncompressed by the build) go as they are.
  const buildDir = process.env.E2E_BUILD_DIR ?? 'build';
  const sent = [...encodings].map(([path, encoding]) => ({ path, encoding, hasBrotli: existsSync(join(buildDir, `${path}.br`)) }));
  expect(sent.filter((s) => s.hasBrotli).length).toBeGreaterThan(5);
  expect(sent.filter((s) => s.hasBrotli !== (s.encoding === 'br'))).toEqual([]);

  // The other built-in decks follow in the background, and the service worker caches them all.
  await waitForServiceWorker(page);
  const manifest = (await (await page.request.get('/decks/manifest.json')).json()) as { decks: { id: string; cardCount: number }[] };
  const expected = manifest.decks.reduce((n, d) => n + d.cardCount, 0);
  await expect.poll(async () => (await readStore(page, 'cards')).length, { timeout: 30_000 }).toBe(expected);
  // Fetched and merged by the background worker: on the page their merge was the long tasks after
  // the first card (docs/BENCHMARK.md §28). A worker's requests are in its own timeline, not the page's.
  expect(workers.some((url) => url.includes('background.worker'))).toBe(true);
  const onPage = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  expect(onPage.filter((path) => /^\/decks\/(?!manifest\.json).+\.json$/.test(path))).toEqual([expect.stringMatching(/^\/decks\/networking\./)]);

  await context.setOffline(true);
  await page.goto('/');
  await expect(page.locator('a.deck')).toHaveCount(manifest.decks.length);
  const other = manifest.decks.find((d) => d.id !== 'networking')!.id;
  await page.goto(`/study/${other}`);
  await expect(page.locator('article.card')).toBeVisible();
  const shown = await page.locator('article.card').getAttribute('data-card-id');
  const cards = await readStore<{ id: string; deckId: string }>(page, 'cards');
  expect(cards.find((c) => c.id === shown)?.deckId).toBe(other);
});

// The deck list's first visit (issue 17): painted from the compiled manifest while the decks'
// files are still on their way; today's counts replace the card counts once the decks are merged.
test('a first visit to the deck list shows every built-in deck before any deck file arrives, then their counts', async ({ page }, testInfo) => {
  const manifest = (await (await page.request.get('/decks/manifest.json')).json()) as { decks: { id: string; title: string; cardCount: number }[] };
  // Deck files are held until the list is on screen: the list must not need them.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/decks\/(?!manifest\.json)[^/]+\.json$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.locator('ul.decks a.deck-preview')).toHaveCount(manifest.decks.length);
  for (const [i, deck] of manifest.decks.entries()) {
    await expect(page.locator('a.deck-preview').nth(i)).toContainText(deck.title);
    await expect(page.locator('a.deck-preview').nth(i)).toContainText(`${deck.cardCount} cards`);
  }
  expect(await readStore(page, 'cards')).toHaveLength(0); // nothing merged: the counts shown are the manifest's
  await page.screenshot({ path: testInfo.outputPath('deck-list-first-visit.png') });

  release();
  // Merged: today's counts (new cards up to the daily limit), read from the database.
  await expect(page.locator('a.deck [data-count="new"]')).toHaveCount(manifest.decks.length, { timeout: 30_000 });
  await expect(page.locator('a.deck-preview')).toHaveCount(0);
  const cards = await readStore<{ deckId: string }>(page, 'cards');
  expect(cards).toHaveLength(manifest.decks.reduce((n, d) => n + d.cardCount, 0));
});
