import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { CardRow, ReviewLogRow } from '../../src/lib/db/schema';
import { readStore } from './helpers';
import { seedSimulatedHistory } from './support/seed-history';

/** A learner who forgets faster than the defaults assume, so personal parameters fit better. */
const TRUE_WEIGHTS = [0.1, 0.5, 1.0, 4.0, 7.0, 0.5, 1.5, 0.02, 1.0, 0.3, 0.9, 2.2, 0.05, 0.4, 1.2, 0.5, 2.0, 0.6, 0.4, 0.1, 0.25];

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

test('optimize FSRS parameters from a seeded history, apply them, and undo', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // Let the app create its database and merge the built-in decks.
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  const cards = (await readStore<CardRow>(page, 'cards')).filter((c) => !c.retired).slice(0, 150);
  expect(cards.length).toBe(150);

  // Seed half a year of answers from a simulated learner, through raw IndexedDB in the page.
  const { logs, cards: updated } = await seedSimulatedHistory(page, cards.length, 199, { seed: 11, weights: TRUE_WEIGHTS });
  const logsBefore = byId(await readStore<ReviewLogRow>(page, 'reviewLogs'));
  expect(logsBefore.length).toBe(logs.length);

  await page.goto('/settings/optimize');
  await expect(page.getByTestId('history-summary')).toContainText('on 150 cards');
  await expect(page.getByTestId('weights-in-use')).toHaveText('the defaults');
  await expect(page.getByTestId('not-enough')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('optimize-start.png') });

  await page.getByRole('button', { name: 'Compute my parameters' }).click();
  const result = page.getByTestId('result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  const number = async (id: string) => Number.parseFloat((await page.getByTestId(id).textContent())!);
  const before = await number('logloss-defaults');
  const after = await number('logloss-new');
  expect(before).toBeGreaterThan(0);
  expect(after).toBeLessThan(before);
  expect(await number('rmse-new')).toBeLessThan(await number('rmse-defaults'));
  await expect(result).toContainText('fit your history better');
  await page.screenshot({ path: testInfo.outputPath('optimize-result.png'), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.getByTestId('apply').click();
  await expect(page.getByTestId('message')).toContainText('Your personal parameters are in use', { timeout: 30_000 });
  await expect(page.getByTestId('weights-in-use')).toHaveText('your personal ones');
  await page.screenshot({ path: testInfo.outputPath('optimize-applied.png'), fullPage: true });

  const settings = (await readStore<{ key: string; value: { weights: number[] | null } }>(page, 'settings')).find((s) => s.key === 'study')!;
  expect(settings.value.weights).toHaveLength(21);
  // The review log is exactly as seeded; the cards' schedules moved.
  expect(byId(await readStore<ReviewLogRow>(page, 'reviewLogs'))).toEqual(logsBefore);
  const cardsAfter = new Map((await readStore<CardRow>(page, 'cards')).map((c) => [c.id, c]));
  const moved = updated.filter((c) => cardsAfter.get(c.id)!.due !== c.due);
  expect(moved.length).toBeGreaterThan(100);
  for (const c of updated) expect(cardsAfter.get(c.id)!.front).toBe(c.front);

  // Undo: back to the defaults, log still untouched.
  await page.getByTestId('revert').click();
  await expect(page.getByTestId('message')).toContainText('Previous parameters restored', { timeout: 30_000 });
  await expect(page.getByTestId('weights-in-use')).toHaveText('the defaults');
  const reverted = (await readStore<{ key: string; value: { weights: number[] | null } }>(page, 'settings')).find((s) => s.key === 'study')!;
  expect(reverted.value.weights).toBeNull();
  expect(byId(await readStore<ReviewLogRow>(page, 'reviewLogs'))).toEqual(logsBefore);
});

test('explains what is missing when the history is too short', async ({ page }) => {
  await page.goto('/settings/optimize');
  await expect(page.getByTestId('not-enough')).toContainText('Not enough yet');
  await expect(page.getByRole('button', { name: 'Compute my parameters' })).toBeDisabled();
});
