import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ankiCollection, ankiPackage, hostilePackages, wavTone } from '../fixtures/import/hostile';
import { readAll, readStore, waitForServiceWorker } from './helpers';
import { rendererPids, startPeakProbe } from './support/process-memory';

// Hostile files are built here, at test time, and refused by the app in real Chromium; the
// time and the peak memory of each refusal are reported (not asserted: the machine is shared).

async function openImport(page: Page) {
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Import cards from a file' })).toBeVisible();
}

const importedDecks = async (page: Page) => (await readStore<{ id: string; source: string }>(page, 'decks')).filter((d) => d.source === 'import');

test('hostile packages are refused with the limit and the size named, in bounded memory, and nothing is written', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  // Start-up work (the built-in decks) finishes first, so the database can be compared after.
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await expect.poll(async () => (await readStore(page, 'decks')).length).toBeGreaterThan(5);
  await openImport(page);
  const before = await readAll(page);
  const pids = await rendererPids(browser);
  const report: { file: string; kB: number; ms: number; peakMB: number }[] = [];
  // Files on disk, chosen by path: the browser reads them itself, as a user's file (a buffer
  // would be copied into the page through the test driver and inflate the measure).
  const dir = mkdtempSync(join(tmpdir(), 'anki-bounds-'));
  for (const { name, bytes, message } of await hostilePackages()) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    // Let the previous refusal's worker and buffers be collected, so each peak is its own.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const probe = startPeakProbe(pids);
    const started = Date.now();
    await page.getByTestId('import-file').setInputFiles(path);
    await expect(page.getByTestId('import-error'), name).toContainText(message);
    await expect(page.getByTestId('import-error'), name).toContainText(`"${name}"`);
    report.push({ file: name, kB: Math.round(bytes.length / 1024), ms: Date.now() - started, peakMB: Math.round(probe.peakAboveStartMB()) });
  }
  await page.screenshot({ path: testInfo.outputPath('import-refused.png'), fullPage: true });
  expect(await importedDecks(page)).toEqual([]);
  expect(await readAll(page)).toEqual(before);
  console.log(
    `Refusals (time from choosing the file to the message; peak resident memory of the page's renderer above its level before):\n${report
      .map((r) => `  ${r.file.padEnd(28)} ${String(r.kB).padStart(6)} KB  ${String(r.ms).padStart(5)} ms  peak +${r.peakMB} MB`)
      .join('\n')}`
  );
  await testInfo.attach('refusals.json', { body: JSON.stringify(report, null, 2), contentType: 'application/json' });
});

test('a backup with a 60 MB card field is refused, naming the card and the field; nothing changes', async ({ page, browser }, testInfo) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await page.goto('/backup');
  const before = await readAll(page);
  const header = {
    format: 'interview-flashcards-backup',
    version: 1,
    exportedAt: '2026-01-01T00:00:00.000Z',
    appVersion: 'test',
    counts: { decks: 1, cards: 1, reviewLogs: 0, settings: 0, media: 0 }
  };
  const card = { id: 'huge-card', deckId: 'd1', ord: 0, front: 'q', back: 'x'.repeat(60 * 1024 * 1024), tags: [] };
  const text = [
    JSON.stringify(header).slice(0, -1) + ',"tables":{',
    '"decks":[',
    JSON.stringify({ id: 'd1', title: 'Big', description: '', source: 'user', hash: '', position: 1 }),
    '],',
    '"cards":[',
    JSON.stringify(card),
    '],',
    '"reviewLogs":[',
    '],',
    '"settings":[',
    '],',
    '"media":[',
    ']',
    '}}'
  ].join('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'anki-bounds-')), 'huge-field-backup.json');
  writeFileSync(file, text);
  const probe = startPeakProbe(await rendererPids(browser));
  const started = Date.now();
  await page.getByTestId('restore-file').setInputFiles(file);
  await expect(page.getByTestId('restore-error')).toContainText(
    'This backup cannot be restored: cards row 1 (id "huge-card") is 60 MB, most of it in its "back" field; the limit is 1 MB per card field. Nothing was changed.'
  );
  console.log(`60 MB field backup refused in ${Date.now() - started} ms, renderer peak +${Math.round(probe.peakAboveStartMB())} MB`);
  await expect(page.getByTestId('backup-limits')).toContainText('Backups: up to 512 MB, 1 MB per card field');
  await page.screenshot({ path: testInfo.outputPath('restore-refused.png'), fullPage: true });
  expect(await readAll(page)).toEqual(before);
});

test('an Anki card keeps its sound (played from IndexedDB, offline) and its coloured words; unsafe styles are dropped', async ({ page, context }, testInfo) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const collection = await ankiCollection(
    [
      {
        guid: 'rouge1',
        fields: [
          '[sound:rouge.wav] Which colour is <span style="color: #c0392b; font-weight: bold">rouge</span>?',
          '<span style="color: #2e7d32; background: url(javascript:alert(1)); position: fixed; top: 0">Red</span>, as in <span style="background-color: #fff3b0">le vin rouge</span>'
        ]
      }
    ],
    'French colours'
  );
  await openImport(page);
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'colours.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(ankiPackage(collection, { 'rouge.wav': wavTone(1) })) });
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('card-count')).toHaveText('1 card');
  await expect(preview.locator('audio')).toHaveAttribute('src', /^blob:/);
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('1 new card, 1 image or sound.');
  const [deck] = await importedDecks(page);
  const media = await readStore<{ name: string; mime: string; deckId: string }>(page, 'media');
  expect(media.filter((m) => m.deckId === deck.id).map((m) => [m.name, m.mime])).toEqual([['rouge.wav', 'audio/wav']]);

  // Offline, the study screen plays the sound from IndexedDB through a blob: URL.
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto(`/study/${deck.id}`);
  const card = page.locator('article.card');
  await expect(card).toContainText('Which colour is rouge?');
  const audio = card.locator('audio');
  await expect(audio).toHaveAttribute('src', /^blob:/);
  await expect(audio).toHaveAttribute('controls', '');
  await expect(audio).toHaveAttribute('aria-label', 'Sound: rouge.wav');
  const duration = await audio.evaluate(
    (a: HTMLAudioElement) =>
      new Promise<number>((resolve) => {
        if (a.readyState >= 1) resolve(a.duration);
        a.addEventListener('loadedmetadata', () => resolve(a.duration));
        a.addEventListener('error', () => resolve(-1));
        setTimeout(() => resolve(-2), 10_000); // never loaded (for example refused by the CSP's media-src)
      })
  );
  expect(duration).toBeCloseTo(1, 1);
  // The learner presses play (the control's button); the sound plays.
  await audio.click({ position: { x: 22, y: 22 } });
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0);

  const red = card.locator('span', { hasText: 'rouge' }).first();
  await expect(red).toHaveCSS('color', 'rgb(192, 57, 43)');
  await expect(red).toHaveCSS('font-weight', '700');
  await page.screenshot({ path: testInfo.outputPath('study-sound-colour.png') });

  await page.getByRole('button', { name: 'Show answer' }).click();
  const green = card.locator('span', { hasText: 'Red' });
  await expect(green).toHaveCSS('color', 'rgb(46, 125, 50)');
  await expect(green).toHaveCSS('background-image', 'none');
  await expect(green).toHaveCSS('position', 'static');
  expect(await green.getAttribute('style')).toBe('color: #2e7d32');
  await expect(card.locator('span', { hasText: 'le vin rouge' })).toHaveCSS('background-color', 'rgb(255, 243, 176)');
  await page.screenshot({ path: testInfo.outputPath('study-sound-colour-answer.png') });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The author's colours are kept where they read well; where they would not (the green word and
    // the pale highlight in dark mode), the theme's colours are shown (render/readable-colours.ts).
    const { violations: a11y } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(a11y.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await context.setOffline(false);
  expect(violations).toEqual([]);
});

test("the preview lists the decks of Anki's #deck column, notes type-in cards, and states the limits", async ({ page }, testInfo) => {
  await openImport(page);
  await page.getByTestId('import-limits').locator('summary').click();
  await expect(page.getByTestId('import-limits')).toContainText('Text files (CSV, TSV, Markdown): up to 50 MB, 200,000 cards, 100 columns and 1 MB per field.');
  const text = [
    '#separator:tab',
    '#html:true',
    '#notetype column:1',
    '#deck column:2',
    'Basic\tLanguages::French\tchat\tcat',
    'Basic\tLanguages::Spanish\tperro\tdog',
    'Basic (type in the answer)\tGeography\tCapital of Chile?\tSantiago',
    ''
  ].join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'three-decks.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  const decks = page.getByTestId('file-decks');
  await expect(decks.locator('li')).toHaveText([
    'Languages (0 cards, new deck)',
    'Languages / French (1 card, new deck)',
    'Languages / Spanish (1 card, new deck)',
    'Geography (1 card, new deck)'
  ]);
  await expect(page.getByTestId('type-in-note')).toHaveText(
    '1 card asks you to type the answer: the study screen offers an input and compares what you type with the answer.'
  );
  await page.screenshot({ path: testInfo.outputPath('import-preview-decks.png'), fullPage: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});
