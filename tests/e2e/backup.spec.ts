import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parseDeck } from '../../src/lib/decks/parse';
import { answerGood, openFirstDeck, readAll, readStore, STORES } from './helpers';

interface CardRow {
  id: string;
  deckId: string;
  ord: number;
  front: string;
  back: string;
  more?: string;
  tags: string[];
  retired: boolean;
  deleted?: boolean;
}

async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8'), path: (await file.path())! };
}

test('a backup restored in a fresh browser gives back exactly the same data', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000); // two browsers' first visits and a restore, then the background render
  await openFirstDeck(page);
  await answerGood(page);
  await answerGood(page);
  await expect.poll(async () => (await readStore(page, 'reviewLogs')).length).toBe(2);

  await page.goto('/backup');
  await expect(page.getByRole('heading', { name: 'Back up' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('backup-page.png') });
  const original = await readAll(page);
  const backup = await download(page, () => page.getByRole('button', { name: 'Download backup' }).click());
  expect(backup.name).toMatch(/^interview-flashcards-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(page.getByTestId('backup-done')).toContainText(`${original.cards.length} cards, 2 reviews`);
  const json = JSON.parse(backup.text);
  expect(json).toMatchObject({ format: 'interview-flashcards-backup', version: 1 });
  expect(json.tables.reviewLogs).toHaveLength(2);

  // A new browser context has its own, empty IndexedDB: a different device.
  const fresh = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 390, height: 844 } });
  const other = await fresh.newPage();
  await other.goto('/backup');
  await expect(other.getByRole('heading', { name: 'Back up' })).toBeVisible();
  await expect.poll(async () => (await readStore(other, 'cards')).length).toBeGreaterThan(0);
  expect(await readStore(other, 'reviewLogs')).toEqual([]);

  await other.getByLabel('Restore from backup').setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) });
  const dialog = other.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(backup.name);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // No reviews on this device yet, so Replace is proposed.
  await expect(dialog.getByRole('radio', { name: /Replace/ })).toBeChecked();
  const decks = original.decks.length;
  const cards = original.cards.length;
  await expect(dialog.getByTestId('restore-summary')).toHaveText(
    `Replace: ${decks} decks, ${cards} cards, 0 reviews will be replaced by ${decks} decks, ${cards} cards, 2 reviews.`
  );
  await other.screenshot({ path: testInfo.outputPath('restore-confirm.png') });
  await dialog.getByRole('radio', { name: /Merge/ }).check();
  await expect(dialog.getByTestId('restore-summary')).toContainText('Merge: adds 0 decks, 0 cards, 2 reviews');
  await dialog.getByRole('radio', { name: /Replace/ }).check();
  await dialog.getByRole('button', { name: 'Replace my data' }).click();
  await expect(other.getByTestId('restore-done')).toContainText(`this device now has ${decks} decks, ${cards} cards, 2 reviews`);
  await expect(dialog).toBeHidden();

  // A backup never carries the cards' stored HTML: the restored cards get it again in the
  // background from the page's own renderer (html-backlog), and the built-in decks are marked
  // (empty hash) so that the next start-up merges them again. Then the data is the first
  // device's, HTML included: Chromium's renderer gives the HTML the build step made with jsdom.
  const rows = (store: (typeof STORES)[number]) => original[store] as Record<string, unknown>[];
  expect(rows('cards').every((c) => c.rendered)).toBe(true);
  const settled = async () =>
    (await readStore(other, 'cards')).every((c) => c.rendered) && !(await readStore(other, 'settings')).some((s) => s.key === 'htmlBacklog');
  await expect.poll(settled, { timeout: 90_000 }).toBe(true); // background work beside the first visit's word index
  const restored = await readAll(other);
  // Restored answers come without this device's order of recording (seq): they are never undone.
  expect(rows('reviewLogs').every((l) => typeof l.seq === 'number')).toBe(true);
  const reviewLogs = rows('reviewLogs').map(({ seq: _seq, ...l }) => l);
  const expected: Record<string, unknown[]> = { ...original, reviewLogs, decks: rows('decks').map((d) => (d.source === 'builtin' ? { ...d, hash: '' } : d)) };
  for (const store of STORES) expect(restored[store], store).toEqual(expected[store]);

  // After a reload (the built-in decks are merged again beside the first screen) the data is
  // exactly the same as on the first device again.
  await other.reload();
  await other.getByRole('heading', { name: 'Back up' }).waitFor();
  await other.goto('/');
  await other.locator('a.deck').first().waitFor();
  await expect.poll(async () => (await readStore<{ hash: string }>(other, 'decks')).filter((d) => d.hash === '').length).toBe(0);
  const afterReload = await readAll(other);
  const asOriginal: Record<string, unknown[]> = { ...original, reviewLogs };
  for (const store of STORES) expect(afterReload[store], store).toEqual(asOriginal[store]);
  await fresh.close();
});

test('bad files are refused with a clear message and Cancel changes nothing', async ({ page }) => {
  await openFirstDeck(page);
  await answerGood(page);
  await page.goto('/backup');
  const before = await readAll(page);

  await page.getByLabel('Restore from backup').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('front,back\nq,a\n') });
  await expect(page.getByTestId('restore-error')).toContainText('This file is not a backup: it is not JSON');

  await page.getByLabel('Restore from backup').setInputFiles({
    name: 'wrong.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{"format":"interview-flashcards-backup","version":1,"exportedAt":"2026-01-01T00:00:00Z","appVersion":"x","counts":{"decks":1,"cards":0,"reviewLogs":0,"settings":0,"media":0},"tables":{\n"decks":[\n{"id":"d","title":5}\n],\n"cards":[\n],\n"reviewLogs":[\n],\n"settings":[\n],\n"media":[\n]\n}}\n'
    )
  });
  const error = page.getByTestId('restore-error');
  await expect(error).toContainText('This backup cannot be restored (5 problems; nothing was changed).');
  await expect(error.getByRole('listitem').first()).toHaveText('decks row 1 (id "d"): "title" must be a string, got 5');

  // A valid backup, then Cancel: nothing is written.
  const backup = await download(page, () => page.getByRole('button', { name: 'Download backup' }).click());
  await page.getByLabel('Restore from backup').setInputFiles(backup.path);
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog.getByRole('radio', { name: /Merge/ })).toBeChecked();
  await expect(dialog.getByTestId('restore-summary')).toHaveText('Merge: nothing to add; everything in the backup is already here.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await readAll(page)).toEqual(before);
});

test('a deck exported as CSV and as Markdown parses back to its cards', async ({ page }) => {
  await page.goto('/backup');
  const select = page.getByLabel('Deck', { exact: true });
  await expect(select.locator('option').first()).toBeAttached();
  const deckId = await select.inputValue();
  const cards = (await readStore<CardRow>(page, 'cards')).filter((c) => c.deckId === deckId && !c.retired && !c.deleted).sort((a, b) => a.ord - b.ord);
  expect(cards.length).toBeGreaterThan(0);

  const csv = await download(page, () => page.getByRole('button', { name: 'Export CSV (Anki)' }).click());
  expect(csv.name).toBe(`${deckId}-anki.csv`);
  const lines = csv.text.split('\n');
  expect(lines.slice(0, 6)).toEqual(['#separator:Comma', '#html:true', '#notetype:Basic', '#guid column:1', '#deck column:2', '#tags column:5']);
  const rows = Papa.parse<string[]>(lines.slice(6).join('\n'), { skipEmptyLines: true });
  expect(rows.errors).toEqual([]);
  expect(rows.data.map((r) => r[0])).toEqual(cards.map((c) => c.id));
  expect(rows.data.map((r) => r[4])).toEqual(cards.map((c) => c.tags.join(' ')));
  expect(rows.data.every((r) => r.length === 5 && r[2].startsWith('<') && r[3].startsWith('<'))).toBe(true);
  await expect(page.getByTestId('export-done')).toContainText(`${cards.length} cards`);

  const md = await download(page, () => page.getByRole('button', { name: 'Export Markdown' }).click());
  expect(md.name).toBe(`${deckId}.md`);
  const parsed = parseDeck(md.text, md.name);
  expect(parsed.problems).toEqual([]);
  expect(parsed.deck!.id).toBe(deckId);
  expect(parsed.deck!.cards.map(({ line: _line, ...c }) => c)).toEqual(
    cards.map((c) => ({ id: c.id, front: c.front, back: c.back, tags: c.tags, ...(c.more ? { more: c.more } : {}) }))
  );
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the backup page and the restore confirmation have no axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/backup');
    await expect(page.getByLabel('Deck', { exact: true }).locator('option').first()).toBeAttached();
    const axe = async (what: string) => {
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    };
    await axe('backup page');
    const backup = await download(page, () => page.getByRole('button', { name: 'Download backup' }).click());
    await page.getByLabel('Restore from backup').setInputFiles(backup.path);
    await expect(page.getByRole('dialog', { name: 'Restore this backup?' })).toBeVisible();
    await axe('restore confirmation');
    // Escape closes the dialog like Cancel.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.getByLabel('Restore from backup').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"other"}') });
    await expect(page.getByTestId('restore-error')).toContainText('This is not an Interview Flashcards backup (its format is "other")');
    await axe('restore error');
  });
}
