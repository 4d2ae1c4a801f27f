import { expect, test } from '@playwright/test';
import { openFirstDeck, readStore, movedOn } from './helpers';

interface Card {
  id: string;
  front: string;
  back: string;
  reps: number;
  due: number;
  stability: number;
  queue: number;
  suspended: boolean;
}

test('editing a card mid-study keeps its schedule and returns to the same card', async ({ page }) => {
  const deckId = await openFirstDeck(page);
  const first = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.keyboard.press('1'); // Again: the card is now learning with a schedule
  await movedOn(page.locator('article.card'), first);
  const before = (await readStore<Card>(page, 'cards')).find((c) => c.id === first)!;

  // Edit the learning card from Browse.
  await page.goto('/browse');
  await page.getByRole('searchbox').fill(before.front.split(/\s+/).slice(0, 3).join(' '));
  await page.locator(`a[data-card-id="${first}"]`).click();
  await page.getByLabel('Back (answer, Markdown)').fill('Edited answer with `code`');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/browse$/);
  const after = (await readStore<Card>(page, 'cards')).find((c) => c.id === first)!;
  expect(after.back).toBe('Edited answer with `code`');
  expect({ reps: after.reps, due: after.due, stability: after.stability }).toEqual({ reps: before.reps, due: before.due, stability: before.stability });

  // Edit the card on screen with E: back on the study screen, the same card is shown.
  await page.goto(`/study/${deckId}`);
  const current = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('e');
  await expect(page).toHaveURL(/\/cards\//);
  await page.getByLabel('Front (question, Markdown)').fill('Rewritten question?');
  await page.keyboard.press('Control+Enter');
  await expect(page).toHaveURL(new RegExp(`/study/${deckId}$`));
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', current);
  await expect(page.locator('article.card')).toContainText('Rewritten question?');
});

test('suspending from the study screen removes the card from study until unsuspended', async ({ page }) => {
  const deckId = await openFirstDeck(page);
  const first = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.getByRole('button', { name: 'Suspend' }).click();
  await movedOn(page.locator('article.card'), first);
  const cards = await readStore<Card>(page, 'cards');
  expect(cards.find((c) => c.id === first)).toMatchObject({ suspended: true, queue: -1 });
  expect(await readStore(page, 'reviewLogs')).toHaveLength(0);

  await page.goto('/browse');
  await page.getByLabel('State').selectOption('suspended');
  await expect(page.locator('.results a')).toHaveCount(1);
  await page.locator(`a[data-card-id="${first}"]`).click();
  await page.getByRole('button', { name: 'Unsuspend' }).click();
  await expect(page.getByRole('status')).toContainText('Card unsuspended');
  expect((await readStore<Card>(page, 'cards')).find((c) => c.id === first)).toMatchObject({ suspended: false, queue: 0 });
  // Back in study: the card is offered again (new cards come in deck order once the current one is done).
  await page.goto('/');
  await expect(page.locator(`a.deck[data-deck="${deckId}"] [data-count=new]`)).toHaveText('20');
  await page.goto(`/study/${deckId}`);
  const resumed = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.keyboard.press('4');
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', resumed === first ? /.*/ : first);
});

test('deleting a card can be undone from the toast', async ({ page }) => {
  await page.goto('/browse');
  const link = page.locator('.results a').first();
  const id = (await link.getAttribute('data-card-id'))!;
  await link.click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Card deleted')).toBeVisible();
  expect((await readStore<Card & { deleted?: boolean }>(page, 'cards')).find((c) => c.id === id)!.deleted).toBe(true);
  await page.getByRole('button', { name: 'Undo' }).click();
  // The undo is a write of its own (through the disk guard's check): wait for it, do not race it.
  await expect.poll(async () => (await readStore<Card & { deleted?: boolean }>(page, 'cards')).find((c) => c.id === id)!.deleted).toBe(false);
});

test('deck options: create a deck, set its own new-card limit, rename it, delete it', async ({ page }) => {
  await page.goto('/decks/new');
  await page.getByLabel('Name').fill('My notes');
  await page.getByRole('button', { name: 'Create deck' }).click();
  await expect(page).toHaveURL(/\/decks\/user-my-notes-/);
  await page.getByRole('link', { name: 'Add a card' }).click();
  await page.getByLabel('Front (question, Markdown)').fill('What is `umask 027`?');
  await page.getByLabel('Back (answer, Markdown)').fill('New files 640, directories 750.');
  await page.getByRole('button', { name: 'Save' }).click();
  // The editor leaves once the card is written; navigating earlier could abort the write.
  await expect(page).not.toHaveURL(/\/cards\/new/);

  await page.goto('/decks/networking');
  await page.getByLabel('New cards per day').fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.goto('/');
  await expect(page.locator('a.deck[data-deck="networking"] [data-count=new]')).toHaveText('3');
  const mine = page.locator('a.deck', { hasText: 'My notes' });
  await expect(mine.locator('[data-count=new]')).toHaveText('1');

  // Clearing the limit goes back to the default; a bad limit is refused with a message.
  await page.goto('/decks/networking');
  await page.getByLabel('New cards per day').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  const decks = await readStore<{ id: string; newPerDay?: number }>(page, 'decks');
  expect(decks.find((d) => d.id === 'networking')!.newPerDay).toBeUndefined();

  await page.goto('/');
  await page.getByRole('link', { name: 'Options for My notes' }).click();
  await page.getByLabel('Name').fill('Renamed notes');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.getByRole('button', { name: 'Delete deck…' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Delete “Renamed notes” and its 1 cards?');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete deck' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('a.deck', { hasText: 'Renamed notes' })).toHaveCount(0);
});

test('a link to a card that does not exist shows the error page with a way back', async ({ page }) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await page.goto('/cards/no-such-card');
  await expect(page.getByTestId('route-error')).toHaveText('This card does not exist. It may have been deleted, or the link is wrong.');
  await page.getByRole('link', { name: 'Back to your decks' }).click();
  await expect(page.locator('a.deck').first()).toBeVisible();
});
