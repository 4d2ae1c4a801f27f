import { expect, test, type Page } from '@playwright/test';
import { readStore } from './helpers';

// A first visit's first card is painted from the deck file while Dexie, the scheduler and the
// merge still download (study/first-visit-card.ts); the database's read then confirms it. These
// tests hold back every script that contains Dexie, so the moment before the database has the
// deck can be looked at, and the paths out of it taken.

/** A string Dexie's built chunk contains and the app's own code does not (as first-paint.spec). */
const DEXIE = 'DatabaseClosedError';

/** Holds every script that contains Dexie until the returned function is called; then sends it, or fails it (`fail`). */
async function holdDatabaseCode(page: Page, fail = false): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.js$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (!body.includes(DEXIE)) return route.fulfill({ response, body });
    await released;
    if (fail) await route.abort('connectionfailed');
    else await route.fulfill({ response, body });
  });
  return release;
}

async function firstCardOfDeckFile(page: Page, deckId: string): Promise<{ id: string; front: string }> {
  const manifest = (await (await page.request.get('/decks/manifest.json')).json()) as { decks: { id: string; file: string }[] };
  const file = manifest.decks.find((d) => d.id === deckId)!.file;
  const deck = (await (await page.request.get(`/decks/${file}`)).json()) as { cards: { id: string; front: string }[] };
  return deck.cards[0];
}

// Scripts still on their way when a test ends are dropped, not failed in the next one.
test.afterEach(({ page }) => page.unrouteAll({ behavior: 'ignoreErrors' }));

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

test("a first visit shows the deck file's first card before the database code arrives; its answer waits for the database and is written once", async ({
  page
}, testInfo) => {
  const first = await firstCardOfDeckFile(page, 'networking');
  const release = await holdDatabaseCode(page);
  await page.goto('/study/networking');

  const card = page.locator('article.card');
  await expect(card).toHaveAttribute('data-card-id', first.id);
  await expect(card).toHaveAttribute('aria-busy', 'true');
  await expect(page.locator('.counts .new')).toHaveText('20');
  // Painted from the file: there is no database yet to have read it from.
  expect(await databases(page)).not.toContain('interview-flashcards');
  await page.screenshot({ path: testInfo.outputPath('first-card-from-deck-file.png') });

  // The answer side can be read meanwhile, and a grade given: it waits for the database.
  await page.keyboard.press('Space');
  await expect(card.locator('.back')).toBeVisible();
  await page.keyboard.press('3');
  await page.waitForTimeout(300);
  await expect(card).toHaveAttribute('data-card-id', first.id);

  release();
  // The stored card took its place and the waiting grade went through: one answer, for that card.
  await expect(card).not.toHaveAttribute('data-card-id', first.id, { timeout: 30_000 });
  await expect(card).not.toHaveAttribute('aria-busy', 'true');
  await expect
    .poll(async () => (await readStore<{ cardId: string; rating: number }>(page, 'reviewLogs')).map((l) => [l.cardId, l.rating]))
    .toEqual([[first.id, 3]]);
  const stored = (await readStore<{ id: string; reps: number }>(page, 'cards')).find((c) => c.id === first.id);
  expect(stored?.reps).toBe(1);
});

test('a card from the deck file that was revealed stays revealed when the stored card replaces it', async ({ page }) => {
  const first = await firstCardOfDeckFile(page, 'networking');
  const release = await holdDatabaseCode(page);
  await page.goto('/study/networking');
  const card = page.locator('article.card');
  await expect(card).toHaveAttribute('aria-busy', 'true');
  await page.getByRole('button', { name: 'Show answer' }).click();
  release();
  await expect(card).not.toHaveAttribute('aria-busy', 'true', { timeout: 30_000 });
  await expect(card).toHaveAttribute('data-card-id', first.id);
  await expect(card.locator('.back')).toBeVisible();
  // The scheduler is there now: each grade says when the card comes back.
  await expect(page.locator('[data-grade=good] .interval')).not.toBeEmpty();
  await page.locator('[data-grade=again]').click();
  await expect(card).not.toHaveAttribute('data-card-id', first.id);
  await expect
    .poll(async () => (await readStore<{ cardId: string; rating: number }>(page, 'reviewLogs')).map((l) => [l.cardId, l.rating]))
    .toEqual([[first.id, 1]]);
});

test('when the database code cannot be loaded, the card from the deck file goes and the screen says why', async ({ page }) => {
  const fail = await holdDatabaseCode(page, true);
  await page.goto('/study/networking');
  await expect(page.locator('article.card')).toHaveAttribute('aria-busy', 'true');
  const counts = page.locator('header .counts');
  await expect(counts).not.toHaveAttribute('aria-label', /^0 new/); // the file's counts, while its card is shown
  await page.keyboard.press('Space');
  fail();
  await expect(page.getByRole('alert')).toContainText(/could not start studying/i, { timeout: 30_000 });
  await expect(page.locator('article.card')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show answer' })).toHaveCount(0);
  // Nothing of the file was stored: the header does not go on counting its cards.
  await expect(counts).toHaveAttribute('aria-label', '0 new, 0 learning, 0 due');
});
