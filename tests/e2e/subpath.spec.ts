import { chromium, expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStore, waitForServiceWorker, movedOn } from './helpers';
import { startSwitchableServer } from './support/switchable-server';

// `npm run build:subpath` builds the app with BASE_PATH=/flashcards, as for GitHub Pages
// (https://user.github.io/flashcards/); it is served here under that path and nowhere else.
const dir = process.env.E2E_SUBPATH_BUILD_DIR ?? 'build-subpath';
const prefix = '/flashcards';
test.skip(!existsSync(`${dir}/index.html`), `run \`npm run build:subpath\` first (the app built with BASE_PATH=${prefix} into ${dir}/)`);

/** Records every request the page makes outside the sub-path and every failed one. */
function watchRequests(page: Page, origin: string) {
  const outside: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === origin && !url.pathname.startsWith(`${prefix}/`)) outside.push(url.pathname);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // A response body still streaming when the page navigates away is aborted, not missing.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${request.failure()?.errorText} ${request.url()}`);
  });
  return { outside, failed };
}

test('under a sub-path the service worker installs there, shares land there, and the app studies offline', async ({ page, context }) => {
  const server = await startSwitchableServer({ subpath: dir }, 'subpath', { prefix });
  const app = server.url + prefix;
  const requests = watchRequests(page, server.url);
  try {
    await page.goto(`${app}/`);
    await page.locator('a.deck').first().waitFor();
    await waitForServiceWorker(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(`${app}/`);
    const deckId = (await page.locator('a.deck').first().getAttribute('data-deck'))!;

    // Every page of the main navigation is under the sub-path and opens there.
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const hrefs = await nav.evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(4);
    for (const href of hrefs) {
      expect(href.startsWith(`${prefix}/`), href).toBe(true);
      const link = page.getByRole('navigation', { name: 'Main' }).locator(`a[href="${href}"]`);
      await link.click();
      await page.waitForURL(server.url + href);
      await expect(link).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('main')).not.toBeEmpty();
    }

    // A file shared to the installed app (manifest share_target) lands in the import preview.
    const csv = readFileSync('tests/fixtures/import/basic.csv', 'utf8');
    const landed = await page.evaluate(
      async ({ text, action }) => {
        const form = new FormData();
        form.append('file', new File([text], 'shared deck.csv', { type: 'text/csv' }));
        const response = await fetch(action, { method: 'POST', body: form });
        return new URL(response.url).pathname + new URL(response.url).search;
      },
      { text: csv, action: `${prefix}/import/share` }
    );
    expect(landed).toBe(`${prefix}/import?shared=1`);
    await page.goto(`${app}/import?shared=1`);
    await expect(page.getByText('shared deck.csv')).toBeVisible();
    // Parsed by the import worker, whose script and assets are found under the sub-path too.
    await expect(
      page
        .getByText(/\d+ cards?/)
        .filter({ visible: true })
        .first()
    ).toBeVisible();

    expect(requests.outside).toEqual([]);
    expect(requests.failed).toEqual([]);

    // Offline: the app reloads, a deep link opens through the service worker, and an answer is stored.
    await context.setOffline(true);
    await page.goto(`${app}/`);
    await expect(page.locator('a.deck').first()).toBeVisible();
    await expect(page.getByTestId('offline-indicator')).toBeVisible();
    await page.goto(`${app}/study/${deckId}`);
    const card = page.locator('article.card');
    await expect(card).toBeVisible();
    const first = (await card.getAttribute('data-card-id'))!;
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.locator('[data-grade=good]').click();
    await movedOn(card, first);
    await page.reload();
    await expect(card).toBeVisible();
    const logs = await readStore<{ cardId: string; rating: number }>(page, 'reviewLogs');
    expect(logs.map((l) => [l.cardId, l.rating])).toEqual([[first, 3]]);
    expect(requests.outside).toEqual([]);
  } finally {
    await server.close();
  }
});

test('under a sub-path the manifest points there and Chromium finds no installability errors', async ({ request }, testInfo) => {
  const server = await startSwitchableServer({ subpath: dir }, 'subpath', { prefix });
  const app = server.url + prefix;
  // Installability is only judged in a normal (non-incognito) profile.
  const profile = mkdtempSync(join(tmpdir(), 'pwa-subpath-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    timezoneId: testInfo.project.use.timezoneId,
    viewport: { width: 390, height: 844 }
  });
  try {
    const response = await request.get(`${app}/manifest.webmanifest`);
    expect(response.headers()['content-type']).toMatch(/application\/manifest\+json/);
    const manifest = await response.json();
    expect(manifest).toMatchObject({
      id: `${prefix}/`,
      start_url: `${prefix}/`,
      scope: `${prefix}/`,
      share_target: { action: `${prefix}/import/share` },
      file_handlers: [{ action: `${prefix}/import` }]
    });
    for (const icon of manifest.icons as { src: string }[]) {
      expect(icon.src.startsWith(`${prefix}/`), icon.src).toBe(true);
      expect((await request.get(server.url + icon.src)).headers()['content-type'], icon.src).toBe('image/png');
    }

    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${app}/`);
    await page.locator('a.deck').first().waitFor();
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { url } = await cdp.send('Page.getAppManifest');
    expect(url).toBe(`${app}/manifest.webmanifest`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
});
