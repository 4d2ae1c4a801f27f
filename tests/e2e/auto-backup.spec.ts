import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { answerGood, openFirstDeck, readAll, readStore, STORES } from './helpers';

// A same-origin page without the app (routed below) needs the service worker out of the way.
test.use({ serviceWorkers: 'block' });

/** The rows a restore gives back: review logs without this device's order of recording (seq), so never undone. */
const restoredFrom = (original: Record<string, unknown[]>): Record<string, unknown[]> => ({
  ...original,
  reviewLogs: (original.reviewLogs as Record<string, unknown>[]).map(({ seq: _seq, ...l }) => l)
});

/** The marker outside IndexedDB has caught up with the database's newest answer (written shortly after answers). */
async function markerHas(page: Page, reviews: number) {
  const logs = await readStore<{ id: string }>(page, 'reviewLogs');
  expect(logs).toHaveLength(reviews);
  const newest = logs
    .map((l) => l.id)
    .sort()
    .at(-1);
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('database-marker') ?? 'null')?.latestLogId)).toBe(newest);
}

async function backUpNow(page: Page, kind: 'Full' | 'Incremental', reviews: number) {
  await page.goto('/backup');
  await page.getByTestId('backup-now').click();
  const noun = reviews === 1 ? 'review' : 'reviews';
  await expect(page.getByTestId('auto-backup-done')).toContainText(`${reviews} ${noun}.`);
  await expect(page.getByTestId('auto-backup-meta').first()).toContainText(`${kind} ·`);
  await expect(page.getByTestId('auto-backup-meta').first()).toContainText(`· ${reviews} ${noun}`);
}

/**
 * Deletes the app's IndexedDB database behind its back, as Chromium does on a full disk: the
 * page's connections are closed by the browser; localStorage and OPFS stay.
 */
async function deleteDatabase(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  await cdp.detach();
}

/** Once a restore is settled: built-in decks merged again and every card's HTML rendered. */
async function settled(page: Page) {
  await expect
    .poll(
      async () =>
        (await readStore<{ hash: string }>(page, 'decks')).every((d) => d.hash !== '') &&
        !(await readStore(page, 'settings')).some((s) => s.key === 'htmlBacklog'),
      { timeout: 30_000 }
    )
    .toBe(true);
}

test("a database deleted behind the app's back is noticed at once and the automatic backup brings everything back", async ({ page }, testInfo) => {
  const deckId = await openFirstDeck(page);
  for (let i = 0; i < 3; i++) await answerGood(page);
  await markerHas(page, 3);
  await backUpNow(page, 'Full', 3);
  await page.screenshot({ path: testInfo.outputPath('automatic-backups.png'), fullPage: true });
  const original = await readAll(page);
  expect(original.reviewLogs).toHaveLength(3);

  await deleteDatabase(page);
  await page.goto('/');
  const notice = page.getByTestId('database-reset-notice');
  await expect(notice).toContainText('Your flashcard data in this browser was lost or reset.');
  await expect(notice).toContainText(`${original.cards.length.toLocaleString('en-US')} cards and 3 reviews`);
  await expect(notice).toContainText('The newest automatic backup is from');
  await expect(notice).toContainText('3 reviews)');
  await page.screenshot({ path: testInfo.outputPath('database-reset-notice.png') });
  expect((await new AxeBuilder({ page }).include('[data-testid=database-reset-notice]').analyze()).violations).toEqual([]);

  // Straight to a study screen (its fast path paints before the database code loads): told too.
  await page.goto(`/study/${deckId}`);
  await expect(page.getByTestId('database-reset-notice')).toContainText('lost or reset');
  await page.screenshot({ path: testInfo.outputPath('database-reset-notice-study.png') });

  await page.getByTestId('database-reset-restore').click();
  await expect(page.getByTestId('database-restored')).toContainText('3 reviews are back');
  await expect(page.getByTestId('database-reset-notice')).toHaveCount(0);
  await settled(page);
  const restored = await readAll(page);
  for (const store of STORES) expect(restored[store], store).toEqual(restoredFrom(original)[store]);

  // And the notice does not come back.
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await expect(page.getByTestId('database-reset-notice')).toHaveCount(0);
});

test('an increment holds the answers after the snapshot; restore gives back every answer', async ({ page }) => {
  await openFirstDeck(page);
  await answerGood(page);
  await answerGood(page);
  await markerHas(page, 2);
  await backUpNow(page, 'Full', 2);

  await page.goBack();
  await page.goto('/');
  await page.locator('a.deck').first().click();
  await page.locator('article.card').waitFor();
  for (let i = 0; i < 3; i++) await answerGood(page);
  await markerHas(page, 5);
  await backUpNow(page, 'Incremental', 5);
  await expect(page.getByTestId('auto-backup')).toHaveCount(2); // the snapshot stays: the increment needs it
  const original = await readAll(page);

  // This time the app's page is left first (its connections close), then a page of the same
  // origin that runs none of the app's code deletes the database.
  await page.goto('about:blank');
  await page.route('**/no-app.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>no app</title>' }));
  await page.goto('/no-app.html');
  expect(await page.title()).toBe('no app');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('interview-flashcards');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error('blocked'));
      })
  );
  await page.goto('/');
  const notice = page.getByTestId('database-reset-notice');
  await expect(notice).toContainText('5 reviews');
  await notice.getByRole('button', { name: 'Restore it' }).click();
  await expect(page.getByTestId('database-restored')).toContainText('5 reviews are back');
  await settled(page);
  const restored = await readAll(page);
  for (const store of STORES) expect(restored[store], store).toEqual(restoredFrom(original)[store]);
});

test('"Start fresh" dismisses the notice for good; a new user never sees it', async ({ page }) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await expect(page.getByTestId('database-reset-notice')).toHaveCount(0);
  await openFirstDeck(page);
  await answerGood(page);
  await markerHas(page, 1);
  await deleteDatabase(page);
  await page.goto('/');
  const notice = page.getByTestId('database-reset-notice');
  await expect(notice).toContainText('No automatic backup of it is on this device');
  await notice.getByRole('button', { name: 'Start fresh' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await page.locator('a.deck').first().waitFor();
  await expect(page.getByTestId('database-reset-notice')).toHaveCount(0);
});

test('restoring an automatic backup from the Backup page asks first, says what is replaced, and can be undone', async ({ page }, testInfo) => {
  await openFirstDeck(page);
  await answerGood(page);
  await markerHas(page, 1);
  await backUpNow(page, 'Full', 1);
  await page.goto('/');
  await page.locator('a.deck').first().click();
  await page.locator('article.card').waitFor();
  await answerGood(page);
  await markerHas(page, 2);
  await page.goto('/backup');
  await expect(page.getByTestId('auto-backup')).toHaveCount(1);
  await page
    .getByTestId('auto-backup')
    .first()
    .getByRole('button', { name: /^Restore the backup from/ })
    .click();
  const dialog = page.getByTestId('auto-restore-dialog');
  await expect(dialog).toContainText('reviews will be replaced by');
  await expect(dialog).toContainText('2 reviews will be replaced');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('auto-restore-confirm.png') });
  await dialog.getByTestId('auto-restore-confirm').click();
  await expect(page.getByTestId('auto-backup-done')).toContainText('this device now has ');
  await expect(page.getByTestId('auto-backup-done')).toContainText(' cards, 1 review.');
  await expect(page.getByTestId('auto-backup-done')).toContainText('restore that one to undo');
  expect(await readStore(page, 'reviewLogs')).toHaveLength(1);
  // The backup taken just before holds the 2 reviews: restoring it undoes the restore.
  await expect(page.getByTestId('auto-backup-meta').first()).toContainText('2 reviews');
  await page
    .getByTestId('auto-backup')
    .first()
    .getByRole('button', { name: /^Restore/ })
    .click();
  await dialog.getByTestId('auto-restore-confirm').click();
  await expect(page.getByTestId('auto-backup-done')).toContainText(' cards, 2 reviews.');
  expect(await readStore(page, 'reviewLogs')).toHaveLength(2);
  // Restores are not losses: no notice.
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await expect(page.getByTestId('database-reset-notice')).toHaveCount(0);
});

test('leaving the study screen after answers writes an automatic backup by itself', async ({ page }) => {
  await openFirstDeck(page);
  await answerGood(page);
  await answerGood(page);
  // The page goes to the background (an app switch on a phone).
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const metaFiles = () =>
    page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('automatic-backups', { create: true });
      const names: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) if (name.endsWith('.meta.json')) names.push(name);
      return names.length;
    });
  await expect.poll(metaFiles, { timeout: 30_000 }).toBe(1);
  await page.goto('/backup');
  await expect(page.getByTestId('auto-backup-meta')).toHaveCount(1);
  await expect(page.getByTestId('auto-backup-meta')).toContainText('Full ·');
  await expect(page.getByTestId('auto-backup-meta')).toContainText('· 2 reviews');
});

test('where the browser has no OPFS, the Backup page says automatic backups are unavailable', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(StorageManager.prototype, 'getDirectory', { value: undefined });
  });
  await page.goto('/backup');
  await expect(page.getByTestId('auto-backup-unavailable')).toContainText('Automatic backups are unavailable in this browser');
  await expect(page.getByTestId('backup-now')).toHaveCount(0);
});
