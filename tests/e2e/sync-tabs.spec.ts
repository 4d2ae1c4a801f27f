// Two tabs of one device (one browser context: one app database, one sync local copy) with sync
// on, answering at the same time, reconnecting and pressing "Sync now" at the same moment. The Web Lock
// (src/lib/sync/engine/tab-lock.ts) makes their runs take turns; without it both push the same
// change-feed rows into the shared local copy and one tab shows a conflict error.
import type { Page } from '@playwright/test';
import { answerGood, readStore } from './helpers';
import { expectConverged, newDevice, serverDocs, turnOnSync } from './support/sync-devices';
import { expect, test } from './support/sync-server';

/** Studies `deckId` from the deck list, answers `n` cards, and goes to Settings → Sync without reloading (the page's sync runner stays). */
async function answerThenOpenSync(page: Page, deckId: string, n: number) {
  await page.locator(`a.deck[data-deck="${deckId}"]`).click();
  for (let i = 0; i < n; i++) await answerGood(page);
  await page.getByRole('link', { name: 'Back to decks' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Sync across devices' }).click();
  await expect(page.getByTestId('sync-now')).toBeVisible();
}

const errorsOf = (page: Page) => page.evaluate(() => (window as unknown as { __syncErrors: string[] }).__syncErrors);

/** Waits until this page's own runner finished a sync after `since` (its status, not the shared localStorage); fails at the first error shown. */
async function waitForOwnSync(page: Page, since: number) {
  await expect
    .poll(
      async () => {
        const errors = await errorsOf(page);
        if (errors.length) throw new Error(`sync failed: ${errors.join(' / ')}`);
        const at = Number(await page.getByTestId('sync-last').getAttribute('data-at'));
        return at > since && (await page.getByTestId('sync-phase').textContent()) === 'On';
      },
      { timeout: 90_000 }
    )
    .toBe(true);
}

test('two tabs sync at the same moment: they take turns, every review once, no error shown', async ({ browser, syncServer }, testInfo) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  // Every sync error either tab ever shows, even one a later run clears.
  // Also whether a tab ever said it waits for the other.
  await context.addInitScript(() => {
    const w = window as unknown as { __syncErrors: string[]; __syncWaited: boolean };
    const seen: string[] = (w.__syncErrors = []);
    w.__syncWaited = false;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=sync-error]')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
      if (document.querySelector('[data-testid=sync-phase]')?.textContent === 'Waiting for another tab…') w.__syncWaited = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  try {
    const first = await newDevice(context);
    await turnOnSync(first, syncServer);
    const second = await newDevice(context); // opened with sync on: its runner starts and syncs on open
    const tabs = [first, second];

    // Offline, so the changes wait in the shared change feed: an import of 1,500 cards in the
    // first tab (enough work that two runs would overlap for seconds), then answers in both tabs.
    await context.setOffline(true);
    await first.goto('/import');
    const csv = ['front,back', ...Array.from({ length: 1500 }, (_, i) => `Tab question ${i},Answer ${i}`)].join('\n');
    await first.getByTestId('import-file').setInputFiles({ name: 'tabs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await first.getByTestId('import-confirm').click();
    await expect(first.getByTestId('import-done')).toContainText('1,500 new cards', { timeout: 60_000 });
    for (const tab of tabs) {
      await tab.goto('/');
      await tab.locator('a.deck').nth(1).waitFor();
    }
    const decks = await first.locator('a.deck').evaluateAll((links) => links.slice(0, 2).map((a) => a.getAttribute('data-deck')!));
    await Promise.all(tabs.map((tab, i) => answerThenOpenSync(tab, decks[i], 3)));

    // Back online: both tabs' runners start at once (the "online" event), and both press "Sync now".
    const since = await first.evaluate(() => Date.now());
    await context.setOffline(false);
    await Promise.all(tabs.map((tab) => tab.getByTestId('sync-now').click()));
    const waiting = await Promise.any(
      tabs.map((tab) =>
        tab
          .getByText('Waiting for another tab…')
          .waitFor({ timeout: 15_000 })
          .then(() => tab)
      )
    ).catch(() => null);
    await waiting?.screenshot({ path: testInfo.outputPath('sync-waiting-tab.png') });
    await Promise.all(tabs.map((tab) => waitForOwnSync(tab, since)));
    const waited = await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as unknown as { __syncWaited: boolean }).__syncWaited)));
    expect(waited, 'one tab waited for the other and said so').toContain(true);

    for (const tab of tabs) {
      expect(await errorsOf(tab), 'no sync error shown in either tab').toEqual([]);
      await expect(tab.getByTestId('sync-error')).toHaveCount(0);
    }
    const logs = (await readStore<{ id: string }>(first, 'reviewLogs')).map((l) => l.id);
    expect(logs).toHaveLength(6);
    await expectConverged(tabs, syncServer, logs);
    const cardsOnServer = (await serverDocs(syncServer)).filter((r) => r.id.startsWith('card:') && (r.doc.deckId as string) !== decks[0]);
    expect(cardsOnServer.length).toBeGreaterThanOrEqual(1500);
  } finally {
    await context.close();
  }
});
