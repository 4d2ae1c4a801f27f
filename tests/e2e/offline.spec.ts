import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStore, waitForServiceWorker, movedOn } from './helpers';

test('after one visit the app opens, deep-links, studies and keeps answers with the network off', async ({ page, context }) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await waitForServiceWorker(page);
  const deckId = (await page.locator('a.deck').nth(1).getAttribute('data-deck'))!;

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('a.deck').first()).toBeVisible();
  await expect(page.getByTestId('offline-indicator')).toBeVisible();

  // A deep link typed or opened from history works offline through the app shell.
  await page.goto(`/study/${deckId}`);
  await expect(page.locator('article.card')).toBeVisible();
  const first = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.locator('[data-grade=good]').click();
  await movedOn(page.locator('article.card'), first);
  const second = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.locator('[data-grade=easy]').click();
  await movedOn(page.locator('article.card'), second);

  await page.reload();
  await expect(page.locator('article.card')).toBeVisible();
  const logs = await readStore<{ cardId: string; rating: number }>(page, 'reviewLogs');
  expect(logs.map((l) => [l.cardId, l.rating])).toEqual([
    [first, 3],
    [second, 4]
  ]);
  // Code highlighting is lazy-loaded; its chunk must be available offline too.
  const offlineFailures: string[] = [];
  // A request the study page still had in flight (a disk-space probe's worker, say) is cut off by
  // the navigation below as ERR_ABORTED; that is the navigation, not a file missing offline.
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    if (!reason.includes('ERR_ABORTED')) offlineFailures.push(`${r.url()} ${reason}`);
  });
  await page.goto('/');
  await expect(page.locator(`a.deck[data-deck="${deckId}"] [data-count=review]`)).toHaveText('0');
  // The error page proper (with the header) is loaded only when an error is shown: offline too.
  await page.goto('/cards/no-such-card');
  await expect(page.getByTestId('route-error')).toHaveText(/This card does not exist/);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  expect(offlineFailures).toEqual([]);
});

test('manifest and icons are served with the right types and Chromium finds no installability errors', async ({ request, baseURL }, testInfo) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.ok()).toBe(true);
  expect(manifest.headers()['content-type']).toMatch(/application\/manifest\+json/);
  const json = await manifest.json();
  expect(json).toMatchObject({ name: 'Interview Flashcards', display: 'standalone', start_url: '/', scope: '/' });
  expect(json.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(
    expect.arrayContaining(['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable'])
  );
  for (const icon of json.icons as { src: string }[]) {
    const response = await request.get(icon.src);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()['content-type']).toBe('image/png');
  }

  // Installability is only judged in a normal (non-incognito) profile.
  const profile = mkdtempSync(join(tmpdir(), 'pwa-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    timezoneId: testInfo.project.use.timezoneId,
    viewport: { width: 390, height: 844 }
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL + '/');
    await page.locator('a.deck').first().waitFor();
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
