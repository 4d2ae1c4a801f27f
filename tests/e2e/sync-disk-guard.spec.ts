// The sync worker writes the app's database through the gateway, and the page's disk guard decides
// for those writes too (src/lib/sync/engine/sync.worker.ts): a download onto a nearly full disk is
// refused with the guard's message and writes nothing; with room back the next sync brings it.
// A real small disk (tmpfs) holds the phone's profile, as in disk-full.spec.ts.
import type { ReviewLogRow } from '../../src/lib/db/schema';
import { answerGood, openFirstDeck, readStore, waitForWordIndex } from './helpers';
import { lastSync, logIdsOf, newDevice, syncNow, turnOnSync } from './support/sync-devices';
import { expect, test } from './support/sync-server';
import { useSmallDisk } from './support/small-disk';

// Big enough that the origin's quota (60% of the disk, docs/STORAGE.md) is not what runs out.
const disk = useSmallDisk(96, test);

test('a download onto a nearly full disk is refused in words and writes nothing; with room back it arrives', async ({
  browser,
  syncServer,
  baseURL
}, testInfo) => {
  test.setTimeout(240_000);
  const phoneContext = await disk.launch(testInfo.project.use.launchOptions, { baseURL });
  const laptopContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const phone = await newDevice(phoneContext);
    await turnOnSync(phone, syncServer);
    const laptop = await newDevice(laptopContext);
    await turnOnSync(laptop, syncServer);

    // The phone opens a deck and its page's sync on open finishes (nothing new yet), its first
    // visit's word index is built and LevelDB is done with it: the disk must not fill under a
    // write already under way, which nothing can guard (docs/STORAGE.md).
    const synced = await lastSync(phone);
    await openFirstDeck(phone);
    await expect.poll(() => lastSync(phone), { timeout: 60_000 }).not.toBe(synced);
    await waitForWordIndex(phone);
    await disk.quiet();

    // The disk fills up (another app) while the phone studies: it answers until its guard refuses
    // and keeps the answer. (With a few MB left, answers alone may not reach the guard's next probe:
    // a full disk is certain, as in disk-full.spec.ts. Filled again before each answer, the disk
    // stayed at 0 bytes long enough for the browser's own writes to fail, and the origin was evicted
    // in .ci/run: docs/STORAGE.md, "The browser's own writes".)
    disk.fill();
    const pending = phone.getByTestId('pending-answer');
    for (let i = 0; i < 24 && !(await pending.isVisible()); i++) {
      const id = await phone.locator('article.card').getAttribute('data-card-id');
      await phone.keyboard.press('Space');
      await phone.keyboard.press('3');
      await expect(phone.locator(`article.card:not([data-card-id="${id}"]):not([aria-busy="true"])`).or(pending)).toBeVisible();
    }
    await expect(pending).toBeVisible();
    const before = await readStore<ReviewLogRow>(phone, 'reviewLogs');

    // Meanwhile the laptop studies and syncs.
    await openFirstDeck(laptop);
    for (let i = 0; i < 3; i++) await answerGood(laptop);
    await syncNow(laptop);
    const fromLaptop = await logIdsOf(laptop);
    expect(fromLaptop).toHaveLength(3);

    // The browser may have freed space since (in .ci/run the sync then went through): the disk is
    // taken again down to 6 MB, under the guard's margin (8 MB + the database) but room for what the
    // browser writes by itself (LevelDB's flush: up to 4 MB). At 0 or 1 MB that cost the origin.
    console.log(`free before the sync: ${(disk.free() / 2 ** 20).toFixed(1)} MB`);
    disk.fillLeaving(6 << 20);

    // The page syncs on open; its worker's writes wait for the page's guard, which refuses them.
    await phone.goto('/settings/sync');
    await expect(phone.getByTestId('sync-error')).toHaveText(
      'Sync did not finish: Your device is out of storage space. The app stopped saving before the disk was completely full. It will try again.',
      {
        timeout: 60_000
      }
    );
    await phone.screenshot({ path: testInfo.outputPath('sync-disk-low.png') });
    const during = await readStore<ReviewLogRow>(phone, 'reviewLogs');
    expect(during.filter((l) => fromLaptop.includes(l.id))).toEqual([]);
    expect(during).toEqual(before);

    disk.release();
    await syncNow(phone);
    expect((await logIdsOf(phone)).filter((id) => fromLaptop.includes(id)).sort()).toEqual([...fromLaptop].sort());
  } finally {
    await laptopContext.close();
    await phoneContext.close();
  }
});
