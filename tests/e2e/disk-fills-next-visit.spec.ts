// A first visit's background bulk write (Browse search's word index: about 2 MB for the built-in
// decks, and the LevelDB flush and compaction it sets off) must be done before the user studies.
// When it ran on the next start instead, a disk that filled while the user opened a deck met
// LevelDB writing a table file ("Level-0 table #5: … FILE_ERROR_NO_SPACE"), Chromium evicted the
// origin and the decks were gone (docs/STORAGE.md, "A bulk write and a disk that fills").
// A real small disk (tmpfs) holds the profile, as in disk-full.spec.ts.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardRow, ReviewLogRow } from '../../src/lib/db/schema';
import { readStore, waitForServiceWorker, wordIndexDone } from './helpers';
import { useSmallDisk } from './support/small-disk';

const disk = useSmallDisk(48);

test('a disk that fills as the second visit opens a deck costs nothing (the first visit wrote its word index)', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const context = await disk.launch(testInfo.project.use.launchOptions, { baseURL });
  // LevelDB's own log of the origin's IndexedDB: it says when LevelDB writes a table file.
  const leveldbLog = join(disk.dir, 'profile/Default/IndexedDB', `http_127.0.0.1_${new URL(baseURL!).port}.indexeddb.leveldb`, 'LOG');
  const readLog = () => {
    try {
      return readFileSync(leveldbLog, 'utf8');
    } catch {
      return '';
    }
  };
  let watcher: ReturnType<typeof setInterval> | undefined;
  try {
    // First visit: the deck list, the service worker, and what the visit writes in the background.
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await page.locator('a.deck').first().waitFor();
    await waitForServiceWorker(page);
    // The user stays a while (not asserted here: what matters is what the next visit costs).
    await expect
      .poll(() => wordIndexDone(page), { timeout: 60_000 })
      .toBe(true)
      .catch(() => undefined);

    // Second visit: the disk fills (another app) the moment LevelDB starts writing a table file, or
    // else once the study screen shows, and the phone answers until its guard keeps the answer.
    const from = readLog().length;
    let filled = false;
    const fill = () => {
      if (filled) return;
      filled = true;
      disk.fill();
    };
    watcher = setInterval(() => {
      if (/Level-0 table #\d+: started|Compacting/.test(readLog().slice(from))) fill();
    }, 5);
    await page.goto('/');
    await page.locator('a.deck').first().click();
    const card = page.locator('article.card');
    const pending = page.getByTestId('pending-answer');
    await expect(card).toBeVisible({ timeout: 30_000 });
    fill();
    clearInterval(watcher);
    for (let i = 0; i < 24 && !(await pending.isVisible()); i++) {
      const id = await card.getAttribute('data-card-id');
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      await expect(page.locator(`article.card:not([data-card-id="${id}"]):not([aria-busy="true"])`).or(pending)).toBeVisible();
    }
    await expect(pending).toBeVisible();
    const logs = await readStore<ReviewLogRow>(page, 'reviewLogs');

    // Nothing was lost: after a reload on the full disk every card and every answer written is there,
    // and with room back the kept answer is written too.
    await page.reload();
    await expect(page.getByText('was lost or reset')).toHaveCount(0);
    const cards = await readStore<CardRow>(page, 'cards');
    expect(cards.length).toBeGreaterThan(500);
    expect((await readStore<ReviewLogRow>(page, 'reviewLogs')).map((l) => l.id).sort()).toEqual(logs.map((l) => l.id).sort());
    disk.release();
    await expect.poll(async () => (await readStore<ReviewLogRow>(page, 'reviewLogs')).length, { timeout: 30_000 }).toBe(logs.length + 1);
    await page.goto('/');
    await expect(page.locator('a.deck')).toHaveCount(11);
  } finally {
    clearInterval(watcher);
    await context.close();
  }
});
