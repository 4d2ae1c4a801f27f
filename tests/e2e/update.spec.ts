import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { NEXT_ADDED_SUFFIX, NEXT_EDIT_MARK } from '../../scripts/next-decks-marks';
import { readStore, waitForServiceWorker } from './helpers';
import { startSwitchableServer } from './support/switchable-server';

// `npm test` builds the app twice: build/ (this version) and build-next/ (APP_VERSION=next-e2e,
// whose first built-in deck has one card edited, one removed and one added).
const current = process.env.E2E_BUILD_DIR ?? 'build';
const next = process.env.E2E_NEXT_BUILD_DIR ?? 'build-next';
test.skip(!existsSync(`${next}/index.html`), 'run `npm run build:next` first');

interface Card { id: string; deckId: string; back: string; due: number; stability: number; reps: number; state: number; queue: number; retired: boolean; rendered?: { back: string } }

test('a new version is offered, applied only when accepted, merges its decks and keeps every answer', async ({ page }) => {
  const server = await startSwitchableServer({ current, next }, 'current');
  try {
    await page.goto(`${server.url}/`);
    const deckId = (await page.locator('a.deck').first().getAttribute('data-deck'))!;
    await page.locator('a.deck').first().click();
    await page.locator('article.card').waitFor();
    // Answer the deck's first two cards (the next version edits the first and removes the second).
    const answered: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = (await page.locator('article.card').getAttribute('data-card-id'))!;
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      await expect(page.locator('article.card')).not.toHaveAttribute('data-card-id', id);
      answered.push(id);
    }
    await waitForServiceWorker(page);
    const studyUrl = page.url();
    const before = new Map((await readStore<Card>(page, 'cards')).map((c) => [c.id, c]));
    const logsBefore = await readStore(page, 'reviewLogs');

    // Deploy the next version; the app notices it but does not switch by itself.
    server.deploy('next');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByTestId('update-prompt')).toBeVisible();
    // Mid-card, nothing changed: the same question is still on screen, answer side not forced.
    const onScreen = (await page.locator('article.card').getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await expect(page.locator('[data-grade=good]')).toBeVisible();

    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForURL(studyUrl);
    // After the reload the user is where they were: same card, answer still shown.
    await expect(page.locator('article.card')).toHaveAttribute('data-card-id', onScreen);
    await expect(page.locator('[data-grade=good]')).toBeVisible();
    await expect(page.getByTestId('update-prompt')).toBeHidden();

    // The new version's decks were merged (in the background, right after start): history and
    // schedules untouched.
    await expect.poll(async () => (await readStore<Card>(page, 'cards')).length).toBe(before.size + 1);
    expect(await readStore(page, 'reviewLogs')).toEqual(logsBefore);
    const after = new Map((await readStore<Card>(page, 'cards')).map((c) => [c.id, c]));
    const [edited, removed] = answered;
    const keep = (c: Card) => ({ due: c.due, stability: c.stability, reps: c.reps, state: c.state });
    expect(after.get(edited)!.back).toBe(before.get(edited)!.back + NEXT_EDIT_MARK);
    // The stored HTML follows the new text.
    expect(after.get(edited)!.rendered?.back).toContain(NEXT_EDIT_MARK.trim());
    expect(after.get(deckId + NEXT_ADDED_SUFFIX)!.rendered?.back).toBe('<p>Yes.</p>\n');
    expect(keep(after.get(edited)!)).toEqual(keep(before.get(edited)!));
    expect(after.get(removed)).toMatchObject({ retired: true, queue: -3, ...keep(before.get(removed)!) });
    expect(after.get(deckId + NEXT_ADDED_SUFFIX)).toMatchObject({ deckId, state: 0, queue: 0, reps: 0 });
    expect(after.size).toBe(before.size + 1);

    await page.goto(`${server.url}/settings`);
    await expect(page.getByTestId('app-version')).toHaveText('next-e2e');
  } finally {
    await server.close();
  }
});
