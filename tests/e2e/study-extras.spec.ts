import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LEECH_GUID, leechAndSiblingsPackage, PAIR_GUID } from '../fixtures/import/study-extras';
import { readStore } from './helpers';

// Leeches and sibling burying (srs/leech.ts, srs/siblings.ts) in the built app, from an Anki
// package built at test time: a card with 7 lapses in its history and a reversed note's two cards.

interface CardRow {
  id: string;
  tags: string[];
  suspended: boolean;
  queue: number;
  lapses: number;
  buriedUntil?: number;
  noteId?: string;
}

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const cardsById = async (page: Page) => new Map((await readStore<CardRow>(page, 'cards')).map((c) => [c.id, c]));

test('a leech is tagged and suspended, undo takes that back, siblings wait for tomorrow, Browse and Stats list the leech', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();

  // Settings: suspend leeches, bury new siblings (both off by default, as in Anki).
  await page.goto('/settings');
  const form = page.getByTestId('leech-sibling-settings');
  await expect(form.getByLabel('Leech threshold (lapses)')).toHaveValue('8');
  await expect(form.getByLabel('Tag only')).toBeChecked();
  await expect(form.getByLabel('Bury new siblings')).not.toBeChecked();
  await form.getByLabel('Tag and suspend').check();
  await form.getByLabel('Bury new siblings').check();
  await form.getByRole('button', { name: 'Save these settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await form.screenshot({ path: testInfo.outputPath('leech-sibling-settings.png') });
  await expectNoViolations(page, 'settings');

  // Import the package.
  await page.goto('/import');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'extras.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(await leechAndSiblingsPackage(Date.now())) });
  await expect(page.getByTestId('import-preview').getByTestId('card-count')).toHaveText('3 cards');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('16 reviews of history');
  await page.getByRole('link', { name: 'Study now' }).click();

  // The overdue card with 7 lapses comes first; Again is its 8th lapse.
  const card = page.locator('article.card');
  await expect(card).toContainText('Which signal can a process never catch?');
  const leechId = (await card.getAttribute('data-card-id'))!;
  expect(leechId.endsWith(`:a:${LEECH_GUID}.0`)).toBe(true);
  const deckId = leechId.slice(0, leechId.indexOf(':'));
  const [hundId, dogId] = [`${deckId}:a:${PAIR_GUID}.0`, `${deckId}:a:${PAIR_GUID}.1`];
  const again = async () => {
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.locator('[data-grade=again]').click();
  };
  await again();
  const notice = page.getByTestId('leech-notice');
  await expect(notice).toContainText('Leech: forgotten 8 times');
  await expect(notice).toContainText('tagged leech and suspended');
  expect((await cardsById(page)).get(leechId)).toMatchObject({ tags: ['leech'], suspended: true, queue: -1, lapses: 8 });

  // Undo takes the answer back with its tag and suspension.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(card).toHaveAttribute('data-card-id', leechId);
  await expect(notice).toBeHidden();
  expect((await cardsById(page)).get(leechId)).toMatchObject({ tags: [], suspended: false, queue: 2, lapses: 7 });

  // Again for real: the notice on a phone, in both themes, checked by axe.
  await again();
  await expect(notice).toBeVisible();
  await expect(card).toContainText('der Hund');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`leech-notice-${scheme}.png`) });
    await expectNoViolations(page, `leech notice (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Siblings: answering "der Hund" buries "the dog" until tomorrow; it is not shown today.
  await expect(card).toHaveAttribute('data-card-id', hundId);
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.locator('[data-grade=good]').click();
  await expect(notice).toBeHidden();
  // The notice hides as the answer starts, and the same card comes back: wait for the answer's commit.
  await expect.poll(async () => (await cardsById(page)).get(dogId)?.queue).toBe(-2);
  const afterFirst = await cardsById(page);
  expect(afterFirst.get(dogId)).toMatchObject({ queue: -2, noteId: `a:${PAIR_GUID}` });
  expect(afterFirst.get(dogId)!.buriedUntil).toBeGreaterThan(Date.now());
  // Still learning, "der Hund" comes back within the learn-ahead window; "the dog" never does.
  await expect(card).toHaveAttribute('data-card-id', hundId);
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.locator('[data-grade=good]').click();
  await expect(page.getByRole('heading', { name: 'Done for today' })).toBeVisible();
  await expect(page.locator('.counts')).toHaveAccessibleName('0 new, 0 learning, 0 due');

  // Undoing both answers of "der Hund" brings "the dog" back: the first answer buried it.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(card).toHaveAttribute('data-card-id', hundId);
  expect((await cardsById(page)).get(dogId)!.queue).toBe(-2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await cardsById(page)).get(dogId)!.queue).toBe(0);
  await expect(page.locator('.counts')).toHaveAccessibleName('2 new, 0 learning, 0 due');

  // Browse filters the leeches; Stats lists them with the dates they were forgotten.
  await page.goto('/browse?tag=leech');
  await expect(page.locator('.results a')).toHaveCount(1);
  await expect(page.locator('.results')).toContainText('Which signal can a process never catch?');
  await page.goto('/stats');
  const leeches = page.getByTestId('leeches');
  await expect(leeches.locator('li')).toHaveCount(1);
  await expect(leeches.locator('li')).toContainText('8 lapses · suspended');
  await expect(leeches.locator('.dates')).toHaveText(/^Forgotten on (.+, ){7}[^,]+$/);
  await leeches.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('stats-leeches.png') });
  await expectNoViolations(page, 'stats');
});

test("a sibling already learning today keeps the other out of today's session when burying is turned on later", async ({ page }) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await page.goto('/import');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'extras.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(await leechAndSiblingsPackage(Date.now())) });
  await page.getByTestId('import-confirm').click();
  await page.getByRole('link', { name: 'Study now' }).click();
  const card = page.locator('article.card');
  await expect(card).toContainText('Which signal can a process never catch?');
  const deckId = (await card.getAttribute('data-card-id'))!.split(':')[0];
  const [hundId, dogId] = [`${deckId}:a:${PAIR_GUID}.0`, `${deckId}:a:${PAIR_GUID}.1`];
  const good = async () => {
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.locator('[data-grade=good]').click();
  };
  await good();
  await expect(card).toHaveAttribute('data-card-id', hundId);
  await good();
  // Burying is off (Anki's default): the reversed card is shown the same day.
  await expect(card).toHaveAttribute('data-card-id', dogId);

  // Turned on now: "der Hund" is still learning today, so "the dog" waits for tomorrow.
  await page.goto('/settings');
  const form = page.getByTestId('leech-sibling-settings');
  await form.getByLabel('Bury new siblings').check();
  await form.getByRole('button', { name: 'Save these settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.goto(`/study/${deckId}`);
  await expect(card).toHaveAttribute('data-card-id', hundId);
  expect((await cardsById(page)).get(dogId)).toMatchObject({ queue: -2 });
  await expect(page.locator('.counts')).toHaveAccessibleName('0 new, 1 learning, 0 due');
});
