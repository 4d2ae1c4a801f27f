import { expect, test } from '@playwright/test';
import { readStore } from './helpers';

// Anki's "Notes in plain text" export with a #notetype column: each row becomes the cards its
// note type makes, and a note type the app does not know is named in the preview with its line.

test('the #notetype column makes cloze, reversed and basic cards; an unknown note type is named with its line', async ({ page }, testInfo) => {
  const text = [
    '#separator:tab',
    '#html:true',
    '#notetype column:1',
    'Cloze\t{{c1::Canberra}} is the capital of {{c2::Australia}}\tplanned city',
    'Basic (and reversed card)\tperro\tdog',
    'Basic\tchat\tcat',
    'Vocab\tHund\tdog',
    'Vocab\tKatze\tcat',
    ''
  ].join('\n');
  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles({ name: 'mixed.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('card-count')).toHaveText('7 cards');
  await expect(preview.getByTestId('problems')).toContainText(
    'Line 7 note type "Vocab" (2 notes, the first on this line) is not one this app knows (Basic, Basic (and reversed card), Basic (optional reversed card), Basic (type in the answer), Cloze): imported as Basic, front and back from the first two fields'
  );
  await page.screenshot({ path: testInfo.outputPath('notetype-column-preview.png'), fullPage: true });
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('7 new cards');
  const cards = await readStore<{ front: string }>(page, 'cards');
  const fronts = cards.map((c) => c.front.replace(/^<!--html-->/, ''));
  expect(fronts).toEqual(
    expect.arrayContaining([
      '<mark>[…]</mark> is the capital of Australia',
      'Canberra is the capital of <mark>[…]</mark>',
      'perro',
      'dog',
      'chat',
      'Hund',
      'Katze'
    ])
  );
});
