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

  // Seed half a year of answers from a simulated learner, through raw IndexedDB in the page
  // (a fixed start, so the day boundaries and so the result are the same on every run.)
  const { logs, cards: updated } = await seedSimulatedHistory(page, cards.length, 199, { seed: 14, weights: TRUE_WEIGHTS, start: Date.UTC(2025, 0, 1) });
  const logsBefore = byId(await readStore<ReviewLogRow>(page, 'reviewLogs'));
  expect(logsBefore.length).toBe(logs.length);

  await page.goto('/settings/optimize');
  await expect(page.getByTestId('history-summary')).toContainText('on 150 cards');
  await expect(page.getByTestId('weights-in-use')).toHaveText('the defaults');
  await expect(page.getByTestId('not-enough')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('optimize-start.png') });

  await page.getByRole('button', { name: 'Compute my parameters' }).click();
  const result = page.getByTestId('result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const number = async (id: string) => Number.parseFloat((await page.getByTestId(id).textContent())!);
  const before = await number('logloss-defaults');
  const after = await number('logloss-new');
  expect(before).toBeGreaterThan(0);
  expect(after).toBeLessThan(before);
  expect(await number('rmse-new')).toBeLessThan(await number('rmse-defaults'));
  // The figures are on the most recent fifth of the reviews, which the new parameters did not see.
  const caption = (await page.getByTestId('held-out-caption').textContent())!;
  const [heldOut, trained] = [/your (\d+) most recent reviews/, /from the (\d+) reviews before/].map((re) => Number(re.exec(caption)![1]));
  const total = Number(/^(\d+) reviews?/.exec((await page.getByTestId('history-summary').textContent())!.trim())![1]);
  expect(heldOut + trained).toBe(total);
  expect(heldOut / total).toBeCloseTo(0.2, 1);
  await expect(page.getByTestId('verdict')).toContainText('predict your recent reviews better than the defaults');
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

test('keeps the current parameters when new ones do not predict the held-out reviews better', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  // A learner who just has enough history and already uses their true parameters: a fit to the
  // earlier reviews learns their noise and loses on the later ones (the same population as the
  // unit test in optimizer-held-out.test.ts).
  await seedSimulatedHistory(page, 60, 200, { seed: 2, weights: TRUE_WEIGHTS, start: Date.UTC(2025, 0, 1) });
  await page.evaluate(
    (weights) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('settings', 'readwrite');
          tx.objectStore('settings').put({ key: 'study', value: { weights } });
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    TRUE_WEIGHTS
  );
  const studySettings = async () =>
    (await readStore<{ key: string; value: unknown }>(page, 'settings')).filter((s) => s.key === 'study' || s.key.startsWith('fsrs-'));
  const settingsBefore = await studySettings();
  const cardsBefore = byId(await readStore<CardRow>(page, 'cards'));

  await page.goto('/settings/optimize');
  await expect(page.getByTestId('weights-in-use')).toHaveText('your personal ones');
  await page.getByRole('button', { name: 'Compute my parameters' }).click();
  const result = page.getByTestId('result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const number = async (id: string) => Number.parseFloat((await page.getByTestId(id).textContent())!);
  expect(await number('logloss-new')).toBeGreaterThan(await number('logloss-current'));
  await expect(page.getByTestId('verdict')).toContainText('Kept current parameters.');
  await expect(page.getByTestId('verdict')).toContainText('no better than your current parameters');
  await expect(page.getByTestId('apply')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('optimize-kept.png'), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // Nothing changed: settings and schedules are as they were.
  expect(await studySettings()).toEqual(settingsBefore);
  expect(byId(await readStore<CardRow>(page, 'cards'))).toEqual(cardsBefore);
});

test('explains what is missing when the history is too short', async ({ page }) => {
  await page.goto('/settings/optimize');
  await expect(page.getByTestId('not-enough')).toContainText('Not enough yet');
  await expect(page.getByRole('button', { name: 'Compute my parameters' })).toBeDisabled();
});
