import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openFirstDeck, readStore, movedOn } from './helpers';

// A fixed clock and time zone: the weekdays of due dates are the point of this test.
test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB', viewport: { width: 390, height: 844 } });
const NOW = new Date('2026-03-12T12:00:00+01:00'); // Thursday 12 March 2026, noon
const ANSWERS = 12;

interface CardRow {
  id: string;
  reps: number;
  due: number;
  state: number;
}
interface LogRow {
  cardId: string;
  loadBalanced?: { fuzzed: number; chosen: number };
}

/** Weekday of a due date in the page's time zone, Monday = 0 (the app's study day starts at 04:00). */
const weekdayIn = (page: Page, due: number) => page.evaluate((t) => (new Date(t - 4 * 3600_000).getDay() + 6) % 7, due);

async function openSettings(page: Page) {
  await page.goto('/settings');
  await page.getByTestId('easy-day-5').waitFor();
}

test('a lighter weekend: the setting, its 30-day preview, and answers that avoid Saturday and Sunday', async ({ page }, testInfo) => {
  await page.clock.setFixedTime(NOW);
  await openSettings(page);
  await expect(page.getByLabel('Load balancing')).toBeChecked(); // on by default, as in Anki

  // Saturday and Sunday at Minimum, saved with the study settings.
  await page.getByTestId('easy-day-5').selectOption('Minimum');
  await page.getByTestId('easy-day-6').selectOption('Minimum');
  await page.getByRole('button', { name: 'Save study settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByTestId('load-summary')).toContainText('0 cards due over the next 30 days');
  await expect(page.getByTestId('load-summary')).toContainText('Easy days: Saturday, Sunday.');
  const settings = (await readStore<{ key: string; value: { easyDays: number[]; loadBalancing: boolean } }>(page, 'settings')).find((s) => s.key === 'study')!;
  expect(settings.value).toMatchObject({ loadBalancing: true, easyDays: [1, 1, 1, 1, 1, 0, 0] });

  // New cards answered Easy graduate to about 8 days: ts-fsrs' fuzz range is 6-10 days, Wednesday 18
  // to Sunday 22 March, so plain fuzz would put about two in five on the weekend.
  await openFirstDeck(page);
  for (let i = 0; i < ANSWERS; i++) {
    const id = await page.locator('article.card').getAttribute('data-card-id');
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.locator('[data-grade=easy]').click();
    await movedOn(page.locator('article.card'), id!);
  }

  const answered = (await readStore<CardRow>(page, 'cards')).filter((c) => c.reps > 0);
  expect(answered).toHaveLength(ANSWERS);
  const weekdays = await Promise.all(answered.map((c) => weekdayIn(page, c.due)));
  expect(weekdays.filter((d) => d >= 5)).toEqual([]);
  // The balancer did move answers off the weekend (the log row records each move, for replay).
  const logs = await readStore<LogRow>(page, 'reviewLogs');
  expect(logs.filter((l) => l.loadBalanced).length).toBeGreaterThan(0);
  for (const log of logs.filter((l) => l.loadBalanced)) {
    const card = answered.find((c) => c.id === log.cardId)!;
    expect(Math.round((card.due - NOW.getTime()) / 86_400_000)).toBe(log.loadBalanced!.chosen);
  }

  // The preview counts them, none on the easy days.
  await openSettings(page);
  await expect(page.getByTestId('load-summary')).toContainText(`${ANSWERS} cards due over the next 30 days`);
  // Phone-size screenshot of the section (the page is 390 × 844).
  const section = page.locator('fieldset.balance');
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: testInfo.outputPath('load-balancing-settings.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await section.screenshot({ path: testInfo.outputPath('load-balancing-settings-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  const table = page.getByTestId('load-preview').locator('table');
  await page.getByTestId('load-preview').getByText('Show as table').click();
  for (const day of ['Sat 21 Mar (minimum)', 'Sun 22 Mar (minimum)']) {
    await expect(table.getByRole('row', { name: day })).toHaveText(new RegExp(`${day.replace(/[()]/g, '\\$&')}\\s*0\\s*0`));
  }
  const weekdayTotal = await table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].reduce((s, td) => s + Number(td.textContent), 0)).reduce((a, b) => a + b, 0));
  expect(weekdayTotal).toBe(ANSWERS);

  // No axe violations on the page, the preview's table open.
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations).toEqual([]);
});
