import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { join } from 'node:path';
import { readStore, waitForServiceWorker } from './helpers';
import { mountSmallDisk, type SmallDisk } from './support/small-disk';

// A real full disk: the browser profile lives on a small tmpfs that the test fills (docs/STORAGE.md).
interface LogRow {
  id: string;
  cardId: string;
  review: number;
  rating: number;
}

let disk: SmallDisk;
test.beforeEach(() => {
  const mounted = mountSmallDisk(48);
  test.skip(typeof mounted === 'string', typeof mounted === 'string' ? mounted : '');
  disk = mounted as SmallDisk;
});
test.afterEach(() => disk?.unmount());

function launcher(launchOptions: { args?: string[] } | undefined) {
  // The HTTP cache lives off the small disk: its evictions would free pages at random moments.
  const args = [...(launchOptions?.args ?? []), `--disk-cache-dir=${disk.offDisk}`];
  return async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await chromium.launchPersistentContext(join(disk.dir, 'profile'), { ...launchOptions, args, viewport: { width: 390, height: 844 } });
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
  };
}

/** Opens the first deck and returns helpers to answer on it. */
async function study(page: Page, baseURL: string) {
  await page.goto(baseURL + '/');
  await page.locator('a.deck').first().waitFor();
  await waitForServiceWorker(page);
  await page.locator('a.deck').first().click();
  const card = page.locator('article.card');
  const pending = page.getByTestId('pending-answer');
  await card.waitFor();
  /** Grades the card on screen Good; resolves once the next card or the kept-answer notice shows. */
  const answer = async () => {
    const id = (await card.getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(card.and(page.locator(`:not([data-card-id="${id}"])`)).or(pending)).toBeVisible();
    return id;
  };
  /** Fills the disk and answers until one answer is kept (the first may still fit in the last page of LevelDB's log). */
  const answerUntilKept = async () => {
    disk.fill();
    const answered: { id: string; at: number }[] = [];
    for (let i = 0; i < 8 && !(await pending.isVisible()); i++) {
      const at = Date.now();
      answered.push({ id: await answer(), at });
    }
    return answered.at(-1)!;
  };
  return { card, pending, answer, answerUntilKept };
}

test('an answer on a full disk is kept with a message in words, survives a reload, and is written once with its own time when space returns', async ({ baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { context, page } = await launcher(testInfo.project.use.launchOptions)();
  const { card, pending, answer, answerUntilKept } = await study(page, baseURL!);
  await answer();

  const kept = await answerUntilKept();
  await expect(pending).toContainText('Your device is out of storage space. Your answer is kept and will be saved when space is freed.');
  await expect(card).toHaveAttribute('data-card-id', kept.id); // not moved on…
  await expect(page.locator('button.grade')).toHaveCount(0); // …and it cannot be graded twice
  await page.keyboard.press('3'); // a second grade is ignored
  await expect(pending).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('disk-full-pending.png') });

  // A reload while the disk is still full keeps the answer; trying again says it is not saved yet.
  disk.fill(); // take back any page the browser freed meanwhile
  await page.reload();
  await expect(pending).toBeVisible();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('It could not be saved yet: there is still not enough room.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('disk-full-still.png') });

  disk.release();
  const freedAt = Date.now();
  // Chromium refuses this page every later open ("Internal error."), so once there is room the
  // app reloads and writes the kept answer as it starts.
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(pending).toHaveCount(0);
  await expect(card).not.toHaveAttribute('data-card-id', kept.id);
  const rows = (await readStore<LogRow>(page, 'reviewLogs')).filter((l) => l.cardId === kept.id);
  expect(rows).toHaveLength(1);
  expect(rows[0].rating).toBe(3);
  expect(rows[0].review).toBeGreaterThanOrEqual(kept.at);
  expect(rows[0].review).toBeLessThan(freedAt);

  const logs = await readStore<LogRow>(page, 'reviewLogs');
  await page.reload();
  await card.waitFor();
  expect(await readStore<LogRow>(page, 'reviewLogs')).toEqual(logs);
  await context.close();
});

test('an import on a full disk says why nothing was imported', async ({ baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { context, page } = await launcher(testInfo.project.use.launchOptions)();
  await page.goto(baseURL + '/import');
  const rows = Array.from({ length: 3000 }, (_, i) => `Question ${i} ${'about storage '.repeat(20)},Answer ${i} ${'kept on the device '.repeat(20)}`);
  await page.getByTestId('import-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`front,back\n${rows.join('\n')}\n`) });
  await expect(page.getByTestId('card-count')).toHaveText('3,000 cards');
  await page.getByTestId('deck-name').fill('Full disk');
  disk.fill();
  // Keep it full: LevelDB compaction or Chromium's own clean-up can free a few pages meanwhile.
  const keepFull = setInterval(() => disk.fill(0), 20);
  try {
    await page.getByTestId('import-confirm').click();
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toContainText(
      'Nothing was imported: Your device is out of storage space. Free some space (delete files or apps you do not need) and try again.'
    );
  } finally {
    clearInterval(keepFull);
  }
  await page.screenshot({ path: testInfo.outputPath('disk-full-import.png') });
  await context.close();
});

// Reproduces what the issue saw, and what no page code prevents today (docs/STORAGE.md): on the
// first write that fails for space, Chromium deletes ALL of the origin's storage at once
// (IndexedDB and Cache Storage), persistent or not. Expected to fail until Chromium stops doing
// so or the app finds a way to never let a write fail; Playwright reports it if it starts passing.
test('the collection survives an answer that fails on a full disk', async ({ baseURL }, testInfo) => {
  test.fail(true, 'Chromium 156 wipes the origin when an IndexedDB write fails for space (docs/STORAGE.md)');
  test.setTimeout(120_000);
  const { context, page } = await launcher(testInfo.project.use.launchOptions)();
  const { card, pending, answer, answerUntilKept } = await study(page, baseURL!);
  for (let i = 0; i < 2; i++) await answer();
  const before = await readStore<LogRow>(page, 'reviewLogs');
  await answerUntilKept();
  await expect(pending).toBeVisible();
  disk.release();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(pending).toHaveCount(0);
  await card.waitFor();
  const after = await readStore<LogRow>(page, 'reviewLogs');
  expect(after.filter((l) => before.some((b) => b.id === l.id))).toEqual(before);
  await context.close();
});
