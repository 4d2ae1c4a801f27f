import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStore, waitForServiceWorker } from '../helpers';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk';

// Experiments behind docs/STORAGE.md: what a failed write of each kind does on a full disk. They
// print what they see (nothing to assert: they measure Chromium); run them on purpose with
// STORAGE_EXPERIMENTS=1 E2E_PORT=4187 npx playwright test tests/e2e/experiments --workers 1
let disk: SmallDisk;
test.skip(!process.env.STORAGE_EXPERIMENTS, 'measurements, not tests: set STORAGE_EXPERIMENTS=1');
test.beforeAll(() => {
  // A bare synchronous-access-handle probe, served beside the built app (the app's own is bundled).
  writeFileSync(join(process.env.E2E_BUILD_DIR ?? 'build', 'sync-probe-lab.js'), LAB_WORKER);
});
test.beforeEach(() => {
  const mounted = mountSmallDisk(48);
  test.skip(typeof mounted === 'string', typeof mounted === 'string' ? mounted : '');
  disk = mounted as SmallDisk;
});
test.afterEach(() => disk?.unmount());

async function launch(launchOptions: { args?: string[] } | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await disk.launch(launchOptions);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

function du(): string {
  try {
    return execFileSync('sh', [
      '-c',
      `cd ${join(disk.dir, 'profile', 'Default')} && du -sk IndexedDB "File System" "Service Worker" WebStorage "Local Storage" 2>/dev/null; find . -path '*File System*' -type f | head -20`
    ])
      .toString()
      .replace(/\n/g, ' | ');
  } catch (e) {
    return String(e);
  }
}

const opfsWrite = (page: Page, name: string, bytes: number) =>
  page.evaluate(
    async ({ name, bytes }) => {
      try {
        const root = await navigator.storage.getDirectory();
        const file = await root.getFileHandle(name, { create: true });
        const w = await file.createWritable();
        try {
          await w.write(new Uint8Array(bytes).fill(7));
        } catch (e) {
          await w.abort().catch(() => undefined);
          return `write: ${(e as Error).name}: ${(e as Error).message}`;
        }
        try {
          await w.close();
        } catch (e) {
          return `close: ${(e as Error).name}: ${(e as Error).message}`;
        }
        return 'ok';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    },
    { name, bytes }
  );

const opfsList = (page: Page) =>
  page.evaluate(async () => {
    try {
      const root = await navigator.storage.getDirectory();
      const out: string[] = [];
      for await (const [name, handle] of root.entries()) out.push(`${name}:${handle.kind === 'file' ? (await handle.getFile()).size : 'dir'}`);
      return out.join(',');
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  });

const cachePut = (page: Page, bytes: number) =>
  page.evaluate(async (bytes) => {
    try {
      const c = await caches.open('probe');
      await c.put('/probe-' + Date.now(), new Response(new Uint8Array(bytes).fill(3)));
      return 'ok';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  }, bytes);

const lsSet = (page: Page, chars: number) =>
  page.evaluate((chars) => {
    try {
      localStorage.setItem('probe', 'x'.repeat(chars));
      return 'ok';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  }, chars);

const cacheNames = (page: Page) => page.evaluate(async () => (await caches.keys()).join(','));

async function startApp(page: Page, baseURL: string) {
  await page.goto(baseURL + '/');
  await page.locator('a.deck').first().waitFor();
  await waitForServiceWorker(page);
  await page.locator('a.deck').first().click();
  const card = page.locator('article.card');
  await card.waitFor();
  for (let i = 0; i < 2; i++) {
    const id = (await card.getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(card.and(page.locator(`:not([data-card-id="${id}"])`))).toBeVisible();
  }
}

test('non-IndexedDB writes on a full disk', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  const logs = await readStore(page, 'reviewLogs');
  console.log('logs before', logs.length);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20), await opfsList(page));
  console.log('du before', du());
  disk.fill();
  console.log('free after fill', disk.free());
  for (const size of [4 << 20, 64 << 10, 4096]) {
    console.log(`opfs ${size}`, await opfsWrite(page, 'probe.bin', size), 'list', await opfsList(page), 'free', disk.free());
    console.log('du', du());
  }
  disk.fill(0);
  console.log(`cache put`, await cachePut(page, 4 << 20), 'caches', await cacheNames(page));
  console.log('du', du());
  disk.fill(0);
  console.log(`localStorage`, await lsSet(page, 2 << 20));
  console.log('du', du());
  await page.waitForTimeout(3000);
  console.log('du after 3s', du());
  disk.release();
  await page.reload();
  await page.locator('article.card').waitFor();
  console.log('logs after reload', (await readStore(page, 'reviewLogs')).length, 'opfs', await opfsList(page), 'caches', await cacheNames(page));
  await context.close();
  const again = await launch(testInfo.project.use.launchOptions);
  await again.page.goto(baseURL + '/');
  await again.page.locator('a.deck').first().waitFor();
  console.log('logs after restart', (await readStore(again.page, 'reviewLogs')).length, 'opfs', await opfsList(again.page));
  await again.context.close();
});

test('OPFS after the IndexedDB wipe', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20), await opfsList(page));
  console.log('du before', du());
  disk.fill();
  const card = page.locator('article.card');
  const pending = page.getByTestId('pending-answer');
  for (let i = 0; i < 8 && !(await pending.isVisible()); i++) {
    const id = (await card.getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(card.and(page.locator(`:not([data-card-id="${id}"])`)).or(pending)).toBeVisible();
  }
  console.log('pending', await pending.isVisible());
  console.log('du after failed idb', du());
  console.log('opfs same page', await opfsList(page));
  disk.release();
  await page.reload();
  await page.waitForTimeout(2000);
  console.log('opfs after reload', await opfsList(page), 'du', du());
  await context.close();
  const again = await launch(testInfo.project.use.launchOptions);
  await again.page.goto(baseURL + '/');
  await again.page.waitForTimeout(2000);
  console.log('opfs after restart', await opfsList(again.page), 'du', du());
  await again.context.close();
});

test('a full disk without a failed write', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20));
  disk.fill();
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(5000);
    console.log(`full ${5 * (i + 1)}s`, du());
  }
  disk.release();
  await context.close();
  // a restart while the disk is nearly full
  disk.fill(256 << 10);
  const again = await launch(testInfo.project.use.launchOptions);
  await again.page.goto('about:blank');
  await again.page.waitForTimeout(5000);
  console.log('restart with 256k free', du(), 'free', disk.free());
  await again.context.close();
});

for (const kind of ['opfs', 'idb'] as const) {
  test(`persisted origin, failed ${kind} write`, async ({ baseURL }, testInfo) => {
    test.setTimeout(180_000);
    const { context, page } = await launch(testInfo.project.use.launchOptions);
    const cdp = await context
      .browser()
      ?.newBrowserCDPSession?.()
      .catch(() => null);
    const session = cdp ?? (await context.newCDPSession(page));
    await session.send('Browser.grantPermissions', { permissions: ['durableStorage'], origin: baseURL! });
    await startApp(page, baseURL!);
    console.log('persist()', await page.evaluate(() => navigator.storage.persist()), 'persisted()', await page.evaluate(() => navigator.storage.persisted()));
    console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20));
    console.log('du before', du());
    disk.fill();
    if (kind === 'opfs') console.log('opfs 4MB', await opfsWrite(page, 'probe.bin', 4 << 20));
    else {
      const card = page.locator('article.card');
      const pending = page.getByTestId('pending-answer');
      for (let i = 0; i < 8 && !(await pending.isVisible()); i++) {
        const id = (await card.getAttribute('data-card-id'))!;
        await page.keyboard.press('Space');
        await page.keyboard.press('3');
        await expect(card.and(page.locator(`:not([data-card-id="${id}"])`)).or(pending)).toBeVisible();
      }
      console.log('pending', await pending.isVisible());
    }
    await page.waitForTimeout(3000);
    console.log('du after', du());
    disk.release();
    await page.reload();
    await page.waitForTimeout(2000);
    console.log('after reload opfs', await opfsList(page), 'persisted', await page.evaluate(() => navigator.storage.persisted()));
    await context.close();
  });
}

const estimate = (page: Page) => page.evaluate(async () => JSON.stringify(await navigator.storage.estimate()));

test('estimate against the real disk', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log('free', disk.free(), 'estimate', await estimate(page));
  for (const leave of [20 << 20, 8 << 20, 2 << 20]) {
    disk.release();
    const fd = (await import('node:fs')).openSync(join(disk.dir, 'filler'), 'a');
    const big = Buffer.alloc(1 << 20, 1);
    while (disk.free() - big.length > leave) (await import('node:fs')).writeSync(fd, big);
    (await import('node:fs')).closeSync(fd);
    await page.waitForTimeout(1500);
    console.log('free', disk.free(), 'estimate', await estimate(page));
  }
  disk.release();
  await context.close();
});

test('failed cache put alone', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20));
  disk.fill();
  console.log('cache put', await cachePut(page, 4 << 20));
  await page.waitForTimeout(3000);
  console.log('du', du());
  disk.release();
  await context.close();
});

test('failed localStorage alone', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20));
  disk.fill();
  for (let i = 0; i < 3; i++) console.log('ls', await lsSet(page, (2 << 20) + i));
  await page.waitForTimeout(5000);
  console.log('du', du());
  await context.close();
  console.log('du after close', du());
  disk.release();
});

test('a ballast bucket evicted first', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log(
    'ballast',
    await page.evaluate(async () => {
      try {
        // @ts-expect-error Storage Buckets API
        const bucket = await navigator.storageBuckets.open('ballast', { persisted: false });
        const root = await bucket.getDirectory();
        const file = await root.getFileHandle('ballast.bin', { create: true });
        const w = await file.createWritable();
        await w.write(new Uint8Array(8 << 20).fill(5));
        await w.close();
        return 'ok ' + JSON.stringify(await bucket.estimate());
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    })
  );
  console.log('du before', du());
  const card = page.locator('article.card');
  const pending = page.getByTestId('pending-answer');
  const answer = async () => {
    const id = (await card.getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(card.and(page.locator(`:not([data-card-id="${id}"])`)).or(pending)).toBeVisible();
  };
  await answer();
  const before = (await readStore(page, 'reviewLogs')).length;
  disk.fill();
  for (let i = 0; i < 8 && !(await pending.isVisible()); i++) await answer();
  console.log('pending', await pending.isVisible());
  await page.waitForTimeout(3000);
  console.log('du after', du(), 'free', disk.free());
  await page.reload();
  await page.waitForTimeout(3000);
  console.log('logs before', before, 'after reload', (await readStore(page, 'reviewLogs')).length, 'pending visible', await pending.isVisible());
  // @ts-expect-error Storage Buckets API
  console.log('buckets', await page.evaluate(async () => (await navigator.storageBuckets.keys()).join(',')));
  await context.close();
});

test('another site with older storage', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  const other = await context.newPage();
  const otherURL = baseURL!.replace('127.0.0.1', 'localhost');
  await other.goto(otherURL + '/settings');
  console.log('other site opfs', await opfsWrite(other, 'old.bin', 6 << 20), await opfsList(other));
  await other.close();
  await startApp(page, baseURL!);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20));
  console.log('du before', du());
  const card = page.locator('article.card');
  const pending = page.getByTestId('pending-answer');
  const before = (await readStore(page, 'reviewLogs')).length;
  disk.fill();
  for (let i = 0; i < 8 && !(await pending.isVisible()); i++) {
    const id = (await card.getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(card.and(page.locator(`:not([data-card-id="${id}"])`)).or(pending)).toBeVisible();
  }
  console.log('pending', await pending.isVisible());
  await page.waitForTimeout(3000);
  console.log('du after', du(), 'free', disk.free());
  await page.reload();
  await page.waitForTimeout(3000);
  console.log(
    'logs before',
    before,
    'after reload',
    (await readStore(page, 'reviewLogs')).length,
    'opfs',
    await opfsList(page),
    'pending',
    await pending.isVisible()
  );
  const other2 = await context.newPage();
  await other2.goto(otherURL + '/settings');
  console.log('other site opfs after', await opfsList(other2));
  await context.close();
});

const syncProbe = (page: Page, bytes: number) =>
  page.evaluate(async (bytes) => {
    const worker = new Worker('/sync-probe-lab.js');
    const result = await new Promise<string>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => resolve('worker error ' + e.message);
      worker.postMessage(bytes);
    });
    worker.terminate();
    return result;
  }, bytes);

test('sync access handle probe on a full disk', async ({ baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await launch(testInfo.project.use.launchOptions);
  await startApp(page, baseURL!);
  console.log('keep file', await opfsWrite(page, 'keep.bin', 1 << 20));
  console.log('probe with room', await syncProbe(page, 4 << 20), 'free', disk.free());
  disk.fill(2 << 20);
  console.log('free', disk.free());
  disk.release();
  disk.fill();
  console.log('free', disk.free());
  for (let i = 0; i < 3; i++) {
    console.log('probe full', await syncProbe(page, 4 << 20), 'free', disk.free());
    await page.waitForTimeout(2000);
    console.log('du', du());
  }
  console.log('opfs', await opfsList(page));
  disk.release();
  console.log('probe after release', await syncProbe(page, 4 << 20));
  await page.reload();
  await page.locator('a.deck, article.card').first().waitFor();
  console.log('logs', (await readStore(page, 'reviewLogs')).length, 'opfs', await opfsList(page), 'du', du());
  await context.close();
});

const LAB_WORKER = `onmessage = async (e) => {
  const bytes = e.data;
  let handle;
  try {
    const root = await navigator.storage.getDirectory();
    const file = await root.getFileHandle('sync-probe.bin', { create: true });
    handle = await file.createSyncAccessHandle();
    const chunk = new Uint8Array(1 << 20).fill(9);
    let written = 0;
    let note = '';
    while (written < bytes) {
      let n;
      try {
        n = handle.write(chunk.subarray(0, Math.min(chunk.length, bytes - written)), { at: written });
      } catch (err) {
        note = ' threw ' + err.name + ': ' + err.message;
        break;
      }
      if (n <= 0) { note = ' returned ' + n; break; }
      written += n;
    }
    try { handle.flush(); } catch (err) { note += ' flush ' + err.name + ': ' + err.message; }
    const size = handle.getSize();
    handle.truncate(0);
    handle.flush();
    handle.close();
    postMessage('wrote ' + written + ' size ' + size + note);
  } catch (err) {
    try { handle && handle.truncate(0); handle && handle.close(); } catch (e2) {}
    postMessage('error ' + err.name + ': ' + err.message);
  }
};
`;
