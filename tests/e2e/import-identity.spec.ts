import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readStore } from './helpers';

interface DeckRow {
  id: string;
  title: string;
  source: string;
}
interface CardRow {
  id: string;
  deckId: string;
  retired: boolean;
  deleted?: boolean;
}

async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

async function exportDeck(page: Page, deckId: string, as: 'csv' | 'md') {
  await page.goto('/backup');
  const select = page.getByLabel('Deck', { exact: true });
  await expect(select.locator(`option[value="${deckId}"]`)).toBeAttached();
  await select.selectOption(deckId);
  return download(page, () => page.getByRole('button', { name: as === 'csv' ? 'Export CSV (Anki)' : 'Export Markdown' }).click());
}

/** Imports a file with the page's default choice of deck; returns the preview's text and the deck imported into. */
async function importFile(page: Page, file: { name: string; text: string }) {
  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  const existing = await page.locator('input[name=target][value=existing]').isChecked();
  const diff = existing ? await page.getByTestId('diff').innerText() : 'new deck';
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  const href = (await page.getByRole('link', { name: 'Study now' }).getAttribute('href'))!;
  return { diff, deckId: decodeURIComponent(href.split('/study/')[1]) };
}

const liveCount = async (page: Page, deckId: string) =>
  (await readStore<CardRow>(page, 'cards')).filter((c) => c.deckId === deckId && !c.retired && !c.deleted).length;

for (const as of ['csv', 'md'] as const) {
  test(`a deck exported as ${as === 'csv' ? 'CSV' : 'Markdown'} and imported twice updates in place; a same-titled deck is left alone`, async ({ page }) => {
    await page.goto('/');
    await page.locator('a.deck').first().waitFor();
    const builtin = (await readStore<DeckRow>(page, 'decks')).find((d) => d.source === 'builtin')!;
    const builtinCards = await liveCount(page, builtin.id);

    // An unrelated imported deck with the built-in deck's title.
    const unrelated = await importFile(page, { name: `${builtin.title}.csv`, text: 'front,back\nUnrelated question,Unrelated answer\n' });
    expect(unrelated.diff).toBe('new deck');

    const file = await exportDeck(page, builtin.id, as);
    const first = await importFile(page, file);
    expect(first.diff).toBe('new deck');
    expect(first.deckId).not.toBe(unrelated.deckId);
    expect(await liveCount(page, first.deckId)).toBe(builtinCards);

    for (let round = 0; round < 2; round++) {
      const again = await importFile(page, file);
      expect(again.deckId).toBe(first.deckId);
      expect(again.diff).toContain(`0 new cards, 0 changed cards, ${builtinCards} unchanged cards`);
      // The imported deck's own export comes back to it too.
      const own = await importFile(page, await exportDeck(page, first.deckId, as));
      expect(own.deckId).toBe(first.deckId);
      expect(own.diff).toContain('0 new cards');
    }
    expect(await liveCount(page, first.deckId)).toBe(builtinCards);
    expect(await liveCount(page, unrelated.deckId)).toBe(1);
    expect((await readStore<DeckRow>(page, 'decks')).filter((d) => d.source === 'import')).toHaveLength(2);
  });
}

test('notes naming several decks (#deck column) go to one deck each, parents made, found again on re-import', async ({ page }, testInfo) => {
  const text = [
    '#separator:tab',
    '#html:true',
    '#guid column:1',
    '#deck column:2',
    'g1\tBiology::Cells\tCell?\tUnit of life',
    'g2\tBiology::Cells\tNucleus?\tHolds DNA',
    'g3\tBiology::Genes\tGene?\tA DNA stretch',
    'g4\tChemistry\tAtom?\tSmallest unit',
    ''
  ].join('\n');
  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  const list = page.getByTestId('file-deck');
  await expect(list).toHaveText([
    /Biology\s*\(0 cards, new deck\)/,
    /Biology \/ Cells\s*\(2 cards, new deck\)/,
    /Biology \/ Genes\s*\(1 card, new deck\)/,
    /Chemistry\s*\(1 card, new deck\)/
  ]);
  await page.screenshot({ path: testInfo.outputPath('import-deck-column.png'), fullPage: true });
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('4 new decks');
  const decks = (await readStore<DeckRow & { parent?: string }>(page, 'decks')).filter((d) => d.source === 'import');
  expect(decks.map((d) => d.title).sort()).toEqual(['Biology', 'Cells', 'Chemistry', 'Genes']);
  const biology = decks.find((d) => d.title === 'Biology')!;
  expect(decks.find((d) => d.title === 'Cells')!.parent).toBe(biology.id);

  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(list.nth(1)).toContainText('updates the deck made from it: 0 new, 0 changed, 2 left alone');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  expect((await readStore<DeckRow>(page, 'decks')).filter((d) => d.source === 'import')).toHaveLength(4);
  expect((await readStore<CardRow>(page, 'cards')).filter((c) => decks.some((d) => d.id === c.deckId))).toHaveLength(4);
});
