import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { waitForServiceWorker } from './helpers';

// The OS share sheet POSTs the file to the manifest's share_target action; the service worker
// keeps it and the import page previews it. The POST is sent the same way here, from the page.
test('a file shared to the app opens in the import preview', async ({ page }) => {
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest.share_target).toMatchObject({ action: '/import/share', method: 'POST', enctype: 'multipart/form-data' });

  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await waitForServiceWorker(page);
  const csv = readFileSync('tests/fixtures/import/basic.csv', 'utf8');
  const landed = await page.evaluate(async (text) => {
    const form = new FormData();
    form.append('file', new File([text], 'shared deck.csv', { type: 'text/csv' }));
    const response = await fetch('/import/share', { method: 'POST', body: form });
    return new URL(response.url).pathname + new URL(response.url).search;
  }, csv);
  expect(landed).toBe('/import?shared=1');

  await page.goto('/import?shared=1');
  await expect(page.getByText('shared deck.csv')).toBeVisible();
  await expect(
    page
      .getByText(/\d+ cards?/)
      .filter({ visible: true })
      .first()
  ).toBeVisible();
  // Taken once: the kept copy is gone.
  expect(await page.evaluate(async () => !!(await (await caches.open('shared-files')).match('/shared-file')))).toBe(false);
});
