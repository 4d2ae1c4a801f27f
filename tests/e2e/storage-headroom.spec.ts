import { expect, test } from '@playwright/test';

// The browser's estimate is the early signal (a real full disk is tested in disk-full.spec.ts).
test('little storage left: the status area and Settings warn before writes fail, in words', async ({ page }, testInfo) => {
  await page.addInitScript(() => {
    const MB = 1024 * 1024;
    Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ usage: 980 * MB, quota: 1000 * MB }) });
  });
  await page.goto('/');
  const warning = page.getByTestId('storage-warning');
  await expect(warning).toHaveText(/Storage is almost full \(20 MB left\)\. Free some space on this device before your answers stop being saved\./);
  await page.screenshot({ path: testInfo.outputPath('storage-low.png') });
  await page.goto('/settings');
  await expect(page.getByTestId('settings-storage-warning')).toContainText('Storage is almost full (20 MB left)');
  await warning.getByRole('button', { name: 'Hide' }).click();
  await expect(warning).toHaveCount(0);
});

test('enough storage left: no warning', async ({ page }) => {
  await page.addInitScript(() => {
    const MB = 1024 * 1024;
    Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ usage: 100 * MB, quota: 10_000 * MB }) });
  });
  await page.goto('/settings');
  await expect(page.getByTestId('storage-usage')).toHaveText('100 MB');
  await expect(page.getByTestId('storage-warning')).toHaveCount(0);
  await expect(page.getByTestId('settings-storage-warning')).toHaveCount(0);
});
