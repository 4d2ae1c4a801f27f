import { expect, test } from '@playwright/test';
import { readStore, movedOn } from './helpers';

test('cram and interview drill never change schedules or the review log', async ({ page }) => {
  await page.goto('/');
  const deckRow = page.locator('a.deck').first();
  const deckId = (await deckRow.getAttribute('data-deck'))!;
  // Study one card for real so there is a schedule to protect.
  await deckRow.click();
  const first = page.locator('article.card');
  const firstId = (await first.getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.keyboard.press('3');
  await movedOn(page.locator('article.card'), firstId);
  const cardsBefore = await readStore(page, 'cards');
  const logsBefore = await readStore(page, 'reviewLogs');

  // Cram the deck from its options page.
  await page.goto(`/practice?deck=${deckId}`);
  await expect(page.getByLabel(/Cram/)).toBeChecked();
  await page.getByRole('button', { name: 'Start' }).click();
  for (let i = 0; i < 3; i++) {
    await expect(page.getByText(`Question ${i + 1} of`)).toBeVisible();
    await page.keyboard.press('Space');
    await page.keyboard.press(String((i % 3) + 1));
  }

  // A timed drill: 3 questions, the first one left to time out.
  await page.getByRole('button', { name: 'New practice session' }).click();
  await page.getByLabel(/Interview drill/).check();
  await page.getByLabel('Questions').fill('3');
  await page.getByLabel('Seconds per question').fill('10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('timer')).toBeVisible();
  await expect(page.getByText('Time is up.')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Missed' }).click();
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('button', { name: 'Partly' }).click();
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('button', { name: 'Got it' }).click();
  await expect(page.getByRole('heading', { name: 'Drill summary' })).toBeVisible();
  await expect(page.getByText(/1\s+got it · 1\s+partly · 1\s+missed, of 3/)).toBeVisible();
  await expect(page.getByTestId('weak-topics').locator('li').first()).toBeVisible();

  expect(await readStore(page, 'cards')).toEqual(cardsBefore);
  expect(await readStore(page, 'reviewLogs')).toEqual(logsBefore);
});

test('a lower daily new-card limit in settings shows in the deck list', async ({ page }) => {
  await page.goto('/settings');
  await page.getByLabel('New cards per day (per deck)').fill('7');
  await page.getByRole('button', { name: 'Save study settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.goto('/');
  await expect(page.locator('a.deck [data-count=new]').first()).toHaveText('7');
  // An invalid value is refused with a message and changes nothing.
  await page.goto('/settings');
  await page.getByLabel('Learning steps', { exact: true }).fill('1m soon');
  await page.getByRole('button', { name: 'Save study settings' }).click();
  await expect(page.getByText('"soon" is not a step')).toBeVisible();
  const settings = await readStore<{ key: string; value: { learningSteps: string[]; newPerDay: number } }>(page, 'settings');
  expect(settings.find((s) => s.key === 'study')!.value).toMatchObject({ learningSteps: ['1m', '10m'], newPerDay: 7 });
});
