import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

// Safari's rules, seen from Chromium with an iPhone's user agent (the engine is told by it); the
// real WebKit run is in tests/engines/suite.ts.
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1';

test.describe('on an iPhone in Safari', () => {
  test.use({ userAgent: IPHONE_SAFARI });

  test('the 7-day rule is explained once on the deck list, stays in Settings, and never shows while studying', async ({ page }, testInfo) => {
    await page.goto('/');
    const notice = page.getByTestId('storage-risk');
    await expect(notice).toHaveAttribute('data-kind', 'evict-7-days');
    await expect(notice).toContainText('Safari deletes the cards and review history of a website that is not opened for 7 days');
    await expect(notice).toContainText('tap Share, then Add to Home Screen');
    await expect(notice.getByRole('link', { name: 'Backup' })).toHaveAttribute('href', '/backup');
    await expect(page.locator('a.deck').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('storage-risk-deck-list.png') });
    const { violations } = await new AxeBuilder({ page })
      .include('[data-testid=storage-risk]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(violations).toEqual([]);

    // Not while studying.
    await page.locator('a.deck').first().click();
    await expect(page.locator('article.card')).toBeVisible();
    await expect(page.getByTestId('storage-risk')).toHaveCount(0);

    // Dismissed on the deck list: gone there for good, still in Settings.
    await page.goto('/');
    await page.getByTestId('storage-risk-dismiss').click();
    await expect(page.getByTestId('storage-risk')).toHaveCount(0);
    await page.reload();
    await expect(page.locator('a.deck').first()).toBeVisible();
    await expect(page.getByTestId('storage-risk')).toHaveCount(0);
    await page.goto('/settings');
    await expect(page.getByTestId('storage-risk')).toHaveAttribute('data-kind', 'evict-7-days');
    await page.getByTestId('storage-risk').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('storage-risk-settings.png') });
  });
});

test('in Chromium the deck list has no Safari notice, and Settings says what may happen without persistence', async ({ page }) => {
  await page.goto('/settings');
  await expect(page.getByTestId('storage-risk')).toHaveAttribute('data-kind', /may-evict|kept/);
  await page.goto('/');
  await expect(page.locator('a.deck').first()).toBeVisible();
  await expect(page.getByTestId('storage-risk')).toHaveCount(0);
});
