import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { readStore, waitForServiceWorker } from './helpers';
import { startSwitchableServer } from './support/switchable-server';

// `npm test` builds the app twice: build/ (this version) and build-next/ (APP_VERSION=next-e2e).
const current = process.env.E2E_BUILD_DIR ?? 'build';
const next = process.env.E2E_NEXT_BUILD_DIR ?? 'build-next';
test.skip(!existsSync(`${next}/index.html`), 'run `npm run build:next` first');

test('a new version is offered, applied only when accepted, and keeps every answer', async ({ page }) => {
  const server = await startSwitchableServer({ current, next }, 'current');
  try {
    await page.goto(`${server.url}/`);
    await page.locator('a.deck').first().click();
    await page.locator('article.card').waitFor();
    const first = (await page.locator('article.card').getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(page.locator('article.card')).not.toHaveAttribute('data-card-id', first);
    await waitForServiceWorker(page);
    const studyUrl = page.url();

    // Deploy the next version; the app notices it but does not switch by itself.
    server.deploy('next');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByTestId('update-prompt')).toBeVisible();
    // Mid-card, nothing changed: the same question is still on screen, answer side not forced.
    const onScreen = (await page.locator('article.card').getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await expect(page.locator('[data-grade=good]')).toBeVisible();

    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForURL(studyUrl);
    // After the reload the user is where they were: same card, answer still shown.
    await expect(page.locator('article.card')).toHaveAttribute('data-card-id', onScreen);
    await expect(page.locator('[data-grade=good]')).toBeVisible();
    await expect(page.getByTestId('update-prompt')).toBeHidden();
    const logs = await readStore<{ cardId: string }>(page, 'reviewLogs');
    expect(logs.map((l) => l.cardId)).toEqual([first]);

    await page.goto(`${server.url}/settings`);
    await expect(page.getByTestId('app-version')).toHaveText('next-e2e');
  } finally {
    await server.close();
  }
});
