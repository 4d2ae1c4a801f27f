import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ankiCollection, ankiPackage } from '../fixtures/import/hostile';
import { readStore } from './helpers';
import { importPackage, soundPackage, soundState } from './support/anki-sounds';

// Anki packages built at test time: sounds played by themselves on reveal (the deck's option), and a
// note type's CSS applied to its cards only, readable in light and dark.

const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
  );

test('with "Play sounds automatically", the question plays when shown and the answer on reveal; moving on stops it; R plays again', async ({
  page
}, testInfo) => {
  const deckId = await importPackage(page, 'listening.apkg', await soundPackage());
  await page.goto(`/decks/${deckId}`);
  await page.getByTestId('autoplay-option').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.getByTestId('autoplay-option').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('autoplay-option.png') });
  expect(await axeViolations(page)).toEqual([]);
  expect((await readStore<{ id: string; autoplay?: boolean }>(page, 'decks')).find((d) => d.id === deckId)?.autoplay).toBe(true);

  // Opened from the deck page's link (the click is the gesture the browser asks for).
  await page.getByRole('link', { name: 'Study', exact: true }).click();
  await expect(page.locator('article.card')).toContainText('Listen:');
  await expect.poll(() => soundState(page, 'front')).toEqual([false, true]);
  await expect(page.getByTestId('play-sounds')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('autoplay-question.png') });
  expect(await axeViolations(page)).toEqual([]);

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

const NOTETYPE_CSS = `@import url(https://evil.test/import.css);
body { background: red; }
.card { font-family: Georgia, serif; font-size: 22px; text-align: center; color: black; background-color: white; }
.hl { color: #1565c0; font-weight: bold; }
.pale { color: #fff59d; }
.nightMode .hl { color: #90caf9; }
.actions, header, main, .bar { display: none; position: fixed; top: 0; color: red; }
* { background-image: url(https://evil.test/x.png); }`;

test("a note type's CSS styles its cards only, stays readable in light and dark, and passes axe in both", async ({ page }, testInfo) => {
  const outside: string[] = [];
  await page.route(/evil\.test/, (route) => {
    outside.push(route.request().url());
    return route.abort();
  });
  const violations: string[] = [];
  page.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  const collection = await ankiCollection(
    [{ guid: 'css1', fields: ['<span class="hl">chat</span> and a <span class="pale">pale</span> <span style="color: #2e7d32">vert</span> word', 'cat'] }],
    'Styled French',
    { css: NOTETYPE_CSS }
  );
  const deckId = await importPackage(page, 'styled.apkg', ankiPackage(collection));
  const deck = (await readStore<{ id: string; noteTypeCss?: Record<string, string> }>(page, 'decks')).find((d) => d.id === deckId)!;
  expect(deck.noteTypeCss).toEqual({ '1700000000001': NOTETYPE_CSS });

  await page.goto(`/study/${deckId}`);
  const card = page.locator('article.card [data-notetype="1700000000001"] .ac-card').first();
  await expect(card).toContainText('chat and a pale vert word');
  // The note type's rules reach its card...
  await expect(card).toHaveCSS('font-size', '22px');
  await expect(card).toHaveCSS('text-align', 'center');
  await expect(card.locator('.ac-hl')).toHaveCSS('color', 'rgb(21, 101, 192)');
  await expect(card.locator('.ac-hl')).toHaveCSS('font-weight', '700');
  // ...and nothing else: the page, its header and its buttons are as they were, no url() was fetched.
  await expect(page.locator('body')).not.toHaveCSS('background-color', 'rgb(255, 0, 0)');
  await expect(page.locator('header.bar')).toBeVisible();
  await expect(page.locator('header.bar')).toHaveCSS('position', 'sticky');
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await expect(card).toHaveCSS('background-image', 'none');
  await expect(card).toHaveCSS('position', 'static');
  // Light: pale yellow on white cannot be read, so it takes the theme's text colour; the rest keep theirs.
  await expect(card.locator('.ac-pale')).toHaveCSS('color', 'rgb(29, 31, 33)');
  await expect(card.locator('span', { hasText: 'vert' })).toHaveCSS('color', 'rgb(46, 125, 50)');
  await expect(card).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await page.screenshot({ path: testInfo.outputPath('notetype-light.png') });
  const axe = async (scheme: string) => {
    const { violations: found } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return found.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  expect(await axe('light')).toEqual([]);

  // Dark: the note type's own night-mode rule applies; the white card background is dropped and
  // colours made for it that cannot be read on the dark card take the theme's text colour.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(card.locator('.ac-hl')).toHaveCSS('color', 'rgb(144, 202, 249)');
  await expect(card).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  await expect(card).toHaveCSS('color', 'rgb(230, 230, 227)');
  await expect(card.locator('span', { hasText: 'vert' })).toHaveCSS('color', 'rgb(230, 230, 227)');
  await expect(card.locator('.ac-pale')).toHaveCSS('color', 'rgb(255, 245, 157)');
  await page.screenshot({ path: testInfo.outputPath('notetype-dark.png') });
  expect(await axe('dark')).toEqual([]);

  // Back to light (the user's theme choice this time): the author's colours return.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(card).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await expect(card.locator('span', { hasText: 'vert' })).toHaveCSS('color', 'rgb(46, 125, 50)');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await expect(card.locator('.ac-hl')).toHaveCSS('color', 'rgb(144, 202, 249)');
  await expect(card.locator('span', { hasText: 'vert' })).toHaveCSS('color', 'rgb(230, 230, 227)');
  expect(outside).toEqual([]);
  expect(violations).toEqual([]);
});
