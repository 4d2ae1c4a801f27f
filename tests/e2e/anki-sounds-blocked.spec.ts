import { expect, test } from '@playwright/test';
import { importPackage, soundPackage, soundState } from './support/anki-sounds';

// A browser refuses play() with sound until the page has had a gesture (Chromium's default
// policy). Playwright's own page scripts mark every page as activated, so the refusal is caused
// here by the same rule enforced in the page: play() rejects with NotAllowedError, as Chromium's
// does, until a trusted pointer or key press on this document.
const REQUIRE_GESTURE = () => {
  let gesture = false;
  for (const type of ['pointerdown', 'keydown']) addEventListener(type, (e) => e.isTrusted && (gesture = true), { capture: true });
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    return gesture
      ? play.call(this)
      : Promise.reject(new DOMException('play() failed because the user did not interact with the document first.', 'NotAllowedError'));
  };
};

test('an autoplay the browser refuses is quiet: a notice and the Play sound button, which plays it', async ({ page: setup, context }) => {
  const deckId = await importPackage(setup, 'listening.apkg', await soundPackage());
  await setup.goto(`/decks/${deckId}`);
  await setup.getByTestId('autoplay-option').check();
  await setup.getByRole('button', { name: 'Save' }).click();
  await expect(setup.getByRole('status')).toHaveText('Saved.');
  await setup.close();

  // The study screen opened in a new tab: no gesture on it yet.
  const page = await context.newPage();
  await page.addInitScript(REQUIRE_GESTURE);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`/study/${deckId}`);
  await expect(page.getByTestId('sounds-blocked')).toHaveText('The browser did not let the sound start by itself: press Play sound.');
  expect(await soundState(page, 'front')).toEqual([true, false]);
  await page.screenshot({ path: test.info().outputPath('autoplay-blocked.png') });
  await page.getByTestId('play-sounds').click();
  await expect.poll(() => soundState(page, 'front')).toEqual([false, true]);
  await expect(page.getByTestId('sounds-blocked')).toHaveCount(0);
  // After that gesture, the answer's sound plays by itself on reveal.
  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect.poll(() => soundState(page, 'back')).toEqual([false, true]);
  expect(errors).toEqual([]);
});
