import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStore, waitForServiceWorker, movedOn } from './helpers';

// A real browser profile on disk: study, quit the browser, start it again with the network off.
test('answers given offline are still there after the browser restarts offline', async ({ baseURL }, testInfo) => {
  const profile = mkdtempSync(join(tmpdir(), 'pwa-restart-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      ...testInfo.project.use.launchOptions,
      timezoneId: testInfo.project.use.timezoneId,
      viewport: { width: 390, height: 844 }
    });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL + '/');
    await page.locator('a.deck').first().waitFor();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.locator('a.deck').first().click();
    const card = page.locator('article.card');
    const first = (await card.getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await movedOn(card, first);
    const logs = await readStore(page, 'reviewLogs');
    expect(logs).toHaveLength(1);
    await context.close();

    context = await launch();
    await context.setOffline(true);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL + '/');
    await expect(page.getByTestId('offline-indicator').first()).toBeVisible();
    await expect(page.locator('a.deck [data-count=learning]').first()).toHaveText('1');
    expect(await readStore(page, 'reviewLogs')).toEqual(logs);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
