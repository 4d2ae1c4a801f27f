// The sync engine runs in a dedicated worker (src/lib/sync/engine/sync.worker.ts), not on the page
// whose main thread answers: after a reload with sync on, a sync runs, the page's own scripts hold
// no PouchDB (only the worker's does), and turning sync off ends the worker.
import type { Page, Worker } from '@playwright/test';
import { answerGood, openFirstDeck } from './helpers';
import { lastSync, newDevice, turnOnSync, waitForSync } from './support/sync-devices';
import { expect, test } from './support/sync-server';

const POUCHDB_MARKER = 'PouchDB is just detecting if the remote exists';
const isSyncWorker = (w: Worker) => /sync\.worker[^/]*\.js/.test(w.url());

/** The scripts this page's own document loaded (resource timing: a worker's imports are in its own timeline), without the worker's script. */
const pageScripts = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => url.endsWith('.js') && !/sync\.worker/.test(url))
  );

test('sync runs in a worker: the page that answers loads no PouchDB, and turning sync off ends the worker', async ({ context, syncServer }) => {
  test.setTimeout(240_000);
  const page = await newDevice(context);
  await turnOnSync(page, syncServer); // the connection test loads PouchDB on this page: a new page below

  await openFirstDeck(page);
  await answerGood(page);
  const before = await lastSync(page);
  await page.goto('/settings/sync'); // a new page with sync on: its runner syncs on open, the answer with it
  await waitForSync(page, before);

  const worker = page.workers().find(isSyncWorker);
  expect(worker, 'a sync worker runs beside the page').toBeTruthy();
  expect(await worker!.evaluate(() => typeof (self as unknown as { document?: unknown }).document)).toBe('undefined');
  const scripts = await pageScripts(page);
  expect(scripts.length).toBeGreaterThan(5);
  for (const url of scripts) {
    const text = await page.evaluate(async (u) => (await fetch(u)).text(), url);
    expect(text.includes(POUCHDB_MARKER), `PouchDB in the page's own script ${url}`).toBe(false);
  }

  const closed = new Promise<void>((resolve) => worker!.once('close', () => resolve()));
  await page.getByRole('button', { name: 'Turn sync off' }).click();
  await expect(page.getByTestId('sync-phase')).toHaveText('Off');
  await closed;
  expect(page.workers().filter(isSyncWorker)).toEqual([]);
});
