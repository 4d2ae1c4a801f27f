import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ankiCollection, ankiPackage } from '../fixtures/import/hostile';
import { readStore } from './helpers';
import { importPackage, soundPackage, soundState } from './support/anki-sounds';

// Anki packages built at test time: sounds played by themselves on reveal (the deck's option), and a
// note type's CSS applied to its cards only, readable in light and dark.

test('with "Play sounds automatically", the question plays when shown and the answer on reveal; moving on stops it; R plays again', async ({
  page
}, testInfo) => {
  const deckId = await importPackage(page, 'listening.apkg', await soundPackage());
  await page.goto(`/decks/${deckId}`);
  await page.getByTestId('autoplay-option').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  expect((await readStore<{ id: string; autoplay?: boolean }>(page, 'decks')).find((d) => d.id === deckId)?.autoplay).toBe(true);

  // Opened from the deck page's link (the click is the gesture the browser asks for).
  await page.getByRole('link', { name: 'Study', exact: true }).click();
  await expect(page.locator('article.card')).toContainText('Listen:');
  await expect.poll(() => soundState(page, 'front')).toEqual([false, true]);
  await expect(page.getByTestId('play-sounds')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('autoplay-question.png') });

  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect.poll(() => soundState(page, 'back')).toEqual([false, true]);
  expect((await soundState(page, 'front'))[0]).toBe(true);

  // R replays the side shown from the start.
  await page.locator(`article.card .md.back audio`).evaluate((a: HTMLAudioElement) => a.pause());
  await page.keyboard.press('r');
  await expect.poll(() => soundState(page, 'back')).toEqual([false, true]);

  // Moving on stops it.
  const answerSound = await page.locator('article.card .md.back audio').elementHandle();
  await page.getByRole('button', { name: /Easy/ }).click();
  await expect(page.getByRole('heading', { name: 'Done for today' })).toBeVisible();
  expect(await answerSound!.evaluate((a: HTMLAudioElement) => [a.isConnected, a.paused])).toEqual([false, true]);
});

test('without the option nothing plays by itself; the Play sound button plays the side shown', async ({ page }) => {
  const deckId = await importPackage(page, 'listening.apkg', await soundPackage());
  await page.goto(`/decks/${deckId}`);
  await page.getByRole('link', { name: 'Study', exact: true }).click();
  await expect(page.locator('article.card audio')).toHaveAttribute('src', /^blob:/);
  // Given the time to start, it has not.
  await page
    .locator('article.card audio')
    .evaluate((a: HTMLAudioElement) => new Promise((resolve) => (a.readyState >= 3 ? resolve(0) : a.addEventListener('canplay', resolve))));
  expect(await soundState(page, 'front')).toEqual([true, false]);
  await page.getByTestId('play-sounds').click();
  await expect.poll(() => soundState(page, 'front')).toEqual([false, true]);
});
