import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openFirstDeck } from './helpers';

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // Best practice beside WCAG: every part of the page in a landmark, so screen readers can skip by region.
  violations.push(...(await new AxeBuilder({ page }).withRules(['region']).analyze()).violations);
  expect(violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no axe violations on the main screens (${colorScheme})`, async ({ page }) => {
    test.setTimeout(180_000); // two axe passes on eight screens
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await page.locator('a.deck').first().waitFor();
    await expectNoViolations(page, 'deck list');

    await openFirstDeck(page);
    await expectNoViolations(page, 'question');
    await page.keyboard.press('Space');
    await page.locator('[data-grade=good]').waitFor();
    // Let the lazy highlighter colour the code before checking contrast.
    await page.waitForTimeout(300);
    await expectNoViolations(page, 'answer');

    await page.goto('/settings');
    await page.getByTestId('storage-usage').waitFor();
    await expectNoViolations(page, 'settings');

    await page.goto('/browse');
    await page.locator('.results a').first().waitFor();
    await expectNoViolations(page, 'browse');
    await page.locator('.results a').first().click();
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await expectNoViolations(page, 'card editor');

    await page.goto('/decks/networking');
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await expectNoViolations(page, 'deck options');

    await page.goto('/practice');
    await page.getByRole('button', { name: 'Start' }).waitFor();
    await expectNoViolations(page, 'practice');
  });
}
