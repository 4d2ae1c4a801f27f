import { expect, test } from '@playwright/test';
import { openFirstDeck, readStore } from './helpers';

const summary = (page: import('@playwright/test').Page) => page.locator('.summary');
const resultCount = async (page: import('@playwright/test').Page) => Number((await summary(page).textContent())!.match(/(\d+) cards?/)![1]);

// Browse search (issue 17): Anki's syntax over the word index the write gateway keeps, in the
// real browser's IndexedDB: results agree with a scan of every card, and follow an edit at once.
test('Browse search: words, phrases, exclusions, deck:, tag: and is: agree with a full scan, and an edit is found at once', async ({ page }, testInfo) => {
  const deckId = await openFirstDeck(page);
  await page.keyboard.press('Space');
  await page.keyboard.press('3'); // one card answered: no longer new
  await expect(page.locator('.undo, button:has-text("Undo")').first()).toBeEnabled();

  // A first visit merges the decks and builds no index (it would compete with the first screens);
  // Browse's first search starts the build, and reads every card until it is complete.
  await page.goto('/browse');
  await expect(summary(page)).toContainText(/\d+ cards?/);
  await expect
    .poll(async () => (await readStore<{ id: string; done?: boolean }>(page, 'cardWords')).some((r) => r.id === '' && r.done), { timeout: 30_000 })
    .toBe(true);
  const queries = [
    'tcp',
    'tcp handshake',
    '"three way"',
    'tcp -udp',
    `kernel deck:${deckId}`,
    'tcp tag:networking',
    'tcp is:new',
    'tcp -is:new',
    'is:learn tcp',
    'zzyzx'
  ];
  const counts: Record<string, number> = {};
  for (const scan of [false, true]) {
    await page.goto(scan ? '/browse?search=scan' : '/browse');
    await expect(summary(page)).toContainText(/\d+ cards?/);
    for (const q of queries) {
      await page.getByRole('searchbox').fill(q);
      await expect(summary(page)).toHaveAttribute('data-for', q);
      const n = await resultCount(page);
      if (scan) expect(n, q).toBe(counts[q]);
      else counts[q] = n;
    }
  }
  expect(counts['tcp']).toBeGreaterThan(counts['tcp handshake']);
  expect(counts['tcp handshake']).toBeGreaterThan(0);
  expect(counts['zzyzx']).toBe(0);
  expect(counts['tcp is:new'] + counts['tcp -is:new']).toBe(counts['tcp']);

  // A term the parser cannot read says so in words.
  await page.goto('/browse');
  await page.getByRole('searchbox').fill('is:sleeping');
  await expect(page.getByRole('alert')).toContainText('“is:sleeping” is not a card state');
  await page.screenshot({ path: testInfo.outputPath('browse-syntax-error.png') });

  // An edit through the card editor: its new word is found, its old one no longer.
  await page.getByRole('searchbox').fill('tcp handshake');
  await expect(summary(page)).toHaveAttribute('data-for', 'tcp handshake');
  const first = page.locator('.results a').first();
  const id = (await first.getAttribute('data-card-id'))!;
  await first.click();
  await page.getByLabel('Front (question, Markdown)').fill('What does a zzyzx do?');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/browse$/);
  await page.getByRole('searchbox').fill('zzyzx');
  await expect(page.locator('.results a')).toHaveCount(1);
  await expect(page.locator('.results a')).toHaveAttribute('data-card-id', id);
  await page.screenshot({ path: testInfo.outputPath('browse-search.png') });
});

// The Browse page keeps the word index's card ids between searches (search-ids.ts): a card another
// tab adds afterwards gets a new ordinal in a segment this page has already read, and must be found.
test('Browse search finds a card another tab added after this page searched', async ({ page, context }) => {
  await openFirstDeck(page);
  await page.goto('/browse');
  await expect
    .poll(async () => (await readStore<{ id: string; done?: boolean }>(page, 'cardWords')).some((r) => r.id === '' && r.done), { timeout: 30_000 })
    .toBe(true);
  await page.goto('/browse');
  await page.getByRole('searchbox').fill('tcp');
  await expect(summary(page)).toHaveAttribute('data-for', 'tcp');
  expect(await resultCount(page)).toBeGreaterThan(0);

  const other = await context.newPage();
  await other.goto('/cards/new');
  await other.getByLabel('Front (question, Markdown)').fill('What does a quokka do with tcp?');
  await other.getByLabel('Back (answer, Markdown)').fill('Smiles');
  await other.getByRole('button', { name: 'Save' }).click();
  await expect(other).not.toHaveURL(/\/cards\/new/);
  await other.close();

  await page.getByRole('searchbox').fill('quokka');
  await expect(summary(page)).toHaveAttribute('data-for', 'quokka');
  await expect(page.locator('.results a')).toHaveCount(1);
  await expect(page.locator('.results a').first()).toContainText('quokka');
  await page.getByRole('searchbox').fill('tcp quokka');
  await expect(page.locator('.results a')).toHaveCount(1);
});

// The build reads and writes thousands of posting rows: on the page it was seconds of long tasks
// after a first visit's first card (docs/BENCHMARK.md §27, where the bench measures it). It runs in
// a worker.
test('the first visit builds the word index in a worker, not on the page', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/study/networking');
  await page.locator('article.card').waitFor();
  await expect
    .poll(async () => (await readStore<{ id: string; done?: boolean }>(page, 'cardWords')).some((r) => r.id === '' && r.done), { timeout: 30_000 })
    .toBe(true);
  expect(workers.some((url) => url.includes('background.worker'))).toBe(true);
  expect((await readStore(page, 'wordPostings')).length).toBeGreaterThan(1000);
});
