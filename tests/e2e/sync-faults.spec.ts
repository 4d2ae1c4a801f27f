// Sync under faults, each caused for real: the server process killed (SIGKILL) mid-upload and
// started again, the same batch sent twice, the network cut mid-download on a new device, and
// the browser process killed while sync writes the first upload. After each, the next sync must
// converge: every review exactly once on both devices and on the server, and every schedule the
// replay of its merged log (support/sync-devices.ts expectConverged).
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerGood, openFirstDeck, readStore } from './helpers';
import { seedSimulatedHistory } from './support/seed-history';
import { expectConverged, lastSync, logIdsOf, newDevice, serverDocs, signIn, syncNow, turnOnSync, waitForSync } from './support/sync-devices';
import { expect, test } from './support/sync-server';
import type { SyncServer } from '../sync-server/harness';

const docCount = async (server: SyncServer) => ((await (await server.adminFetch('alice')).json()) as { doc_count: number }).doc_count;

/** A thousand imported cards, a month of history on 200 built-in cards (about 1,100 reviews), and three answers now. */
async function bigCollection(page: Page, file: string): Promise<void> {
  await writeFile(file, ['front,back', ...Array.from({ length: 1000 }, (_, i) => `Question ${i}?,Answer ${i}`)].join('\n'));
  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-preview').getByTestId('card-count')).toHaveText('1,000 cards');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 30_000 });
  await seedSimulatedHistory(page, 200, 30);
  await openFirstDeck(page);
  for (let i = 0; i < 3; i++) await answerGood(page);
}

test('server killed mid-upload and restarted, a batch sent twice, the network cut mid-download: nothing lost or doubled', async ({
  browser,
  syncServer
}, testInfo) => {
  test.setTimeout(240_000);
  const contexts: BrowserContext[] = [];
  try {
    contexts.push(await browser.newContext({ viewport: { width: 390, height: 844 } }));
    const phone = await newDevice(contexts[0]);
    await bigCollection(phone, testInfo.outputPath('big.csv'));
    const logIds = await logIdsOf(phone);
    expect(logIds.length).toBeGreaterThan(800);

    await test.step('the server dies while the first upload runs; after a restart the next sync finishes it', async () => {
      await signIn(phone, syncServer);
      await expect.poll(() => docCount(syncServer), { timeout: 60_000, intervals: [25] }).toBeGreaterThan(0);
      await syncServer.kill();
      const error = phone.getByTestId('sync-error');
      await expect(error).toHaveText('The server did not answer (it may be down or restarting). Sync will try again.', { timeout: 30_000 });
      await syncServer.restart();
      expect(await docCount(syncServer), 'killed mid-upload').toBeLessThan(logIds.length);
      await expect(phone.getByTestId('sync-phase')).toHaveText('Failed');
      await syncNow(phone);
      await expect(phone.getByTestId('sync-pending')).toHaveText('None');
      await expectConverged([phone], syncServer, logIds);
    });

    await test.step('the same batch twice: feed rows pushed again, and a _bulk_docs replayed to the server', async () => {
      const before = (await serverDocs(syncServer)).map((r) => `${r.id} ${r.doc._rev}`).sort();
      // As if the tab died after writing documents but before dropping the feed rows: the rows come back.
      const cardIds = (await readStore<{ id: string; deckId: string }>(phone, 'cards')).filter((c) => c.id.includes(':')).map((c) => c.id);
      await phone.evaluate(
        ({ logIds, cardIds }) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('interview-flashcards');
            open.onsuccess = () => {
              const tx = open.result.transaction('outbox', 'readwrite');
              for (const key of logIds) tx.objectStore('outbox').add({ store: 'reviewLogs', key, op: 'put', at: Date.now() });
              for (const key of cardIds) tx.objectStore('outbox').add({ store: 'cards', key, op: 'put', at: Date.now() });
              tx.oncomplete = () => (open.result.close(), resolve());
              tx.onerror = () => reject(tx.error);
            };
          }),
        { logIds, cardIds }
      );
      await syncNow(phone);
      // The replication's own write, replayed: the server's documents with their revision history, again.
      const { rows } = (await (await syncServer.adminFetch('alice/_all_docs?include_docs=true&limit=400')).json()) as { rows: { id: string }[] };
      const docs = [];
      for (const { id } of rows) docs.push(await (await syncServer.adminFetch(`alice/${encodeURIComponent(id)}?revs=true`)).json());
      const replayed = await syncServer.adminFetch('alice/_bulk_docs', { method: 'POST', body: JSON.stringify({ docs, new_edits: false }) });
      expect(replayed.status).toBe(201);
      expect((await serverDocs(syncServer)).map((r) => `${r.id} ${r.doc._rev}`).sort(), 'no document written again').toEqual(before);
      await syncNow(phone);
      await expectConverged([phone], syncServer, logIds);
    });

    await test.step('a new phone signs in, its network drops mid-download; back online it gets everything once', async () => {
      contexts.push(await browser.newContext({ viewport: { width: 390, height: 844 } }));
      const newPhone = await newDevice(contexts[1]);
      await signIn(newPhone, syncServer);
      const progress = newPhone.getByTestId('sync-progress');
      // pouchdb-server reports no `pending`: the total is an estimate from sequence numbers, and says so.
      await newPhone.waitForFunction(() => /Receiving changes: [1-9]\d* of about \d+/.test(document.querySelector('label.progress')?.textContent ?? ''), null, {
        polling: 'raf',
        timeout: 60_000
      });
      await contexts[1].setOffline(true);
      await expect(newPhone.getByTestId('sync-phase')).toHaveText('Waiting for the network', { timeout: 30_000 });
      expect((await logIdsOf(newPhone)).length, 'cut off before the end').toBeLessThan(logIds.length);
      const before = await lastSync(newPhone);
      await contexts[1].setOffline(false); // the app syncs again on reconnect
      // The new device's progress bar, with a total, while it brings the collection in.
      await newPhone.waitForFunction(
        () => /(Receiving changes|Bringing changes to this device): [1-9]\d* of (about )?\d+/.test(document.querySelector('label.progress')?.textContent ?? ''),
        null,
        { polling: 'raf', timeout: 60_000 }
      );
      await expect(progress).toHaveAttribute('max', /\d+/);
      await newPhone.evaluate(() => window.scrollTo(0, 0));
      await newPhone.screenshot({ path: testInfo.outputPath('sync-new-device-progress.png') });
      await waitForSync(newPhone, before);
      await expectConverged([phone, newPhone], syncServer, logIds);
      // Both show the same deck list.
      const lists = [];
      for (const page of [phone, newPhone]) {
        await page.goto('/');
        await page.locator('a.deck').first().waitFor();
        lists.push(await page.locator('a.deck').allInnerTexts());
      }
      expect(lists[1]).toEqual(lists[0]);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});

/** The main process of the Chromium that uses `profile` (started by this test), or null. */
function browserPid(profile: string): number | null {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const main = lines.find((line) => line.includes(`--user-data-dir=${profile}`) && !line.includes('--type='));
  return main ? Number(main.trim().split(/\s+/)[0]) : null;
}

test('the browser killed, then closed, while the first upload runs: reopened, the next sync sends everything', async ({ browser, syncServer }, testInfo) => {
  test.setTimeout(180_000);
  const profile = await mkdtemp(join(tmpdir(), 'sync-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
      args: testInfo.project.use.launchOptions?.args,
      baseURL: testInfo.project.use.baseURL,
      timezoneId: testInfo.project.use.timezoneId,
      viewport: { width: 390, height: 844 }
    });
  let device: BrowserContext | null = await launch();
  const other = await browser.newContext();
  try {
    const page = await newDevice(device);
    await seedSimulatedHistory(page, 500, 30);
    const logIds = await logIdsOf(page);
    expect(logIds.length).toBeGreaterThan(1000);

    // While sync writes the collection into its local copy, before anything reached the server:
    const inScan = (p: Page) =>
      p.waitForFunction(() => /^Getting changes ready: [1-9]/.test(document.querySelector('label.progress')?.textContent?.trim() ?? ''), null, {
        polling: 'raf',
        timeout: 60_000
      });
    const reopen = async () => {
      device = await launch();
      const p = device.pages()[0] ?? (await device.newPage());
      await p.goto('/settings/sync');
      return p;
    };

    // 1. The browser process killed (SIGKILL) mid-scan.
    await signIn(page, syncServer);
    await inScan(page);
    const pid = browserPid(profile);
    expect(pid).not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    await device.close().catch(() => undefined);

    // 2. Reopened (a killed Chromium loses its last seconds of localStorage and maybe the session
    // cookie, so sign in again, as the app would ask), and closed mid-scan once more, as when the user
    // quits: this time localStorage, with the change feed's switch turned on, is written to disk.
    let reopened = await reopen();
    await signIn(reopened, syncServer);
    await inScan(reopened);
    await device.close();

    // 3. Reopened: the next sync must send the whole collection, not only the (empty) change feed.
    reopened = await reopen();
    const before = await lastSync(reopened);
    await signIn(reopened, syncServer);
    await waitForSync(reopened, before);
    expect((await serverDocs(syncServer)).filter((r) => r.id.startsWith('log:')).length, 'every review on the server').toBe(logIds.length);

    const laptop = await newDevice(other);
    await turnOnSync(laptop, syncServer);
    await expectConverged([reopened, laptop], syncServer, logIds);
  } finally {
    await other.close();
    await device?.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  }
});
