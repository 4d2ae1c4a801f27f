/**
 * Sync at scale (opt-in: `npm run bench -- --only sync [--sync-size 50000]`). One CouchDB-compatible
 * server (tests/sync-server, pouchdb-server's engine on 127.0.0.1) and two persistent profiles
 * (IndexedDB on disk):
 * 1. device A holds the synthetic collection; its study path's answer latency without sync;
 * 2. A turns sync on through Settings → Sync: the first upload (time, peak JS heap sampled
 *    every 250 ms, IndexedDB bytes it adds: sync's local copy);
 * 3. A's answer latency while a whole-collection upload runs in the same tab (A moves to a
 *    second server database, so the engine sends everything again, from the study page);
 * 4. device B, empty, signs in: the whole collection pulled (time, peak heap, bytes added), and
 *    B must hold every review A had.
 * Uploads and pulls run at `syncThrottle` (default 1x, like backup export/restore: minutes of
 * work); answers at the bench's throttle (4x), as every other answer row.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { startSyncServer, type Credentials, type SyncServer } from '../../tests/sync-server/harness';
import { STUDY_DECK } from './generate';
import { answerLatency, failShot, openPage, topSelfTime, type Env } from './measure';
import { round } from './stats';

export interface SyncBenchOptions {
  cards: number;
  seed: number;
  /** Answers timed beside sync; 0 (--skip answers): only the upload and the pull. */
  answers: number;
  /** CPU throttling during the upload and the pull. */
  syncThrottle: number;
  /** How long one upload or pull may take. */
  timeoutMs: number;
  /** A CPU profile of the pull's apply stage (diagnosis; `--sync-profile`): top self time per function. */
  profileApply?: boolean;
}

const MB = 1024 * 1024;
const user: Credentials = { name: 'bench', password: 'bench-password' };
const FIRST_DB = 'bench';
const SECOND_DB = 'bench-second';
const STAGES = ['Getting changes ready', 'Sending changes', 'Receiving changes', 'Bringing changes to this device'] as const;

/** Everything this origin stores (IndexedDB here: service workers are blocked in the bench). */
const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Counts of the app's tables, read with IndexedDB directly. */
function counts(page: Page): Promise<{ cards: number; reviewLogs: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['cards', 'reviewLogs']);
          const cards = tx.objectStore('cards').count();
          const logs = tx.objectStore('reviewLogs').count();
          tx.oncomplete = () => {
            open.result.close();
            resolve({ cards: cards.result, reviewLogs: logs.result });
          };
        };
      })
  );
}

/**
 * Samples the page's JS heap until stopped: every 250 ms as it is (garbage included: what the tab
 * holds at its peak), and every 10 s after a full GC (what is live: flat when the engine works in
 * batches, growing with the collection when something keeps it all).
 */
function heapSampler(
  cdp: CDPSession,
  everyMs = 250,
  gcEveryMs = 10_000
): {
  stop: () => Promise<{ peak: number; peakLive: number; live: number[] }>;
  result: () => Promise<{ peak: number; peakLive: number; live: number[] }>;
  stopped: () => boolean;
  live: number[];
} {
  let peak = 0;
  const live: number[] = [];
  let running = true;
  let nextGc = Date.now() + gcEveryMs;
  const loop = (async () => {
    while (running) {
      try {
        peak = Math.max(peak, (await cdp.send('Runtime.getHeapUsage')).usedSize);
        if (Date.now() >= nextGc) {
          nextGc = Date.now() + gcEveryMs;
          await cdp.send('HeapProfiler.collectGarbage');
          live.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
        }
      } catch {
        // the page is navigating
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  const result = () => ({ peak, peakLive: Math.max(0, ...live), live });
  return {
    live,
    stopped: () => !running,
    stop: async () => {
      running = false;
      await loop;
      return result();
    },
    result: async () => result()
  };
}

/**
 * Turns sync on for `database` through Settings → Sync and waits for the first sync to finish.
 * Returns its time (click to "last sync" set), its peak heap and when each stage was first shown.
 */
async function syncThroughSettings(
  page: Page,
  cdp: CDPSession,
  server: SyncServer,
  database: string,
  timeoutMs: number,
  log: (line: string) => void,
  /** The stage from whose first showing to the end a CPU profile is taken. */
  profileStage?: (typeof STAGES)[number]
) {
  await page.goto('/settings/sync');
  await page.getByLabel('Server URL').fill(server.url);
  await page.getByLabel('Database').fill(database);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await cdp.send('HeapProfiler.collectGarbage');
  const idleHeapMB = round((await cdp.send('Runtime.getHeapUsage')).usedSize / MB, 1);
  const heapSamples = heapSampler(cdp);
  let nextLog = Date.now() + 60_000;
  const t0 = Date.now();
  const stages: Record<string, number> = {};
  let lastProgress = '';
  let profiling = false;
  let stageProfile: { fn: string; ms: number }[] | undefined;
  try {
    await page.getByRole('button', { name: 'Turn sync on' }).click();
    await waitForSync();
  } finally {
    // A failed sync must stop the sampler too, or its loop keeps the bench process alive.
    if (!heapSamples.stopped()) await heapSamples.stop();
  }
  async function waitForSync() {
    for (;;) {
      const state = await page.evaluate(() => ({
        last: localStorage.getItem('flashcards-sync-last'),
        error: document.querySelector('[data-testid=sync-error]')?.textContent ?? null,
        result: document.querySelector('[data-testid=sync-result].error')?.textContent ?? null,
        progress: document.querySelector('label.progress')?.textContent?.trim() ?? ''
      }));
      if (state.error || state.result) throw new Error(`sync failed: ${state.error ?? state.result}`);
      for (const stage of STAGES) if (state.progress.startsWith(stage)) stages[stage] ??= Date.now() - t0;
      if (profileStage && !profiling && stages[profileStage] !== undefined) {
        profiling = true;
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
        await cdp.send('Profiler.start');
      }
      if (state.progress) lastProgress = state.progress;
      if (state.last) break;
      if (Date.now() >= nextLog) {
        nextLog = Date.now() + 60_000;
        const live = heapSamples.live.map((v) => round(v / MB, 1));
        log(
          `sync: ${round((Date.now() - t0) / 1000)} s, "${lastProgress}", live heap ${live[live.length - 1] ?? '-'} MB (max so far ${Math.max(0, ...live)} MB)`
        );
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`sync did not finish within ${timeoutMs / 60_000} min (last shown: ${lastProgress})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const ms = Date.now() - t0;
  if (profiling) stageProfile = topSelfTime((await cdp.send('Profiler.stop')).profile, 25);
  const heap = await heapSamples.result();
  return {
    ms,
    idleHeapMB,
    peakHeapMB: round(heap.peak / MB, 1),
    peakLiveHeapMB: round(heap.peakLive / MB, 1),
    liveHeapMB: heap.live.map((v) => round(v / MB, 1)),
    stages,
    lastProgress,
    ...(stageProfile ? { stageProfile } : {})
  };
}

export async function measureSync(
  newContext: () => Promise<BrowserContext>,
  env: Env,
  opts: SyncBenchOptions,
  populate: (ctx: BrowserContext) => Promise<{ cards: number; logs: number }>,
  /** Called with the results so far after each step (a run stopped by its watchdog keeps them). */
  saveSoFar: (partial: unknown) => void = () => undefined
) {
  const out: any = { cards: opts.cards, syncThrottle: opts.syncThrottle, loadAverageAtStart: loadavg().map((v) => round(v, 2)) };
  const a = await newContext();
  const origin = new URL(await probeOrigin(a)).origin;
  const server = await startSyncServer({ corsOrigins: [origin] });
  let b: BrowserContext | null = null;
  try {
    await server.createUserWithDatabase(user, FIRST_DB);
    await server.createDatabase(SECOND_DB, [user.name]);
    out.server = server.url;

    // 1. Device A: the collection, and its answer latency without sync.
    out.population = await populate(a);
    env.log(`sync: populated ${out.population.cards} cards, ${out.population.logs} logs`);
    if (opts.answers) {
      out.answersWithoutSync = await answerLatency(a, env, STUDY_DECK, opts.answers, opts.seed);
      env.log(`sync: answers without sync p95 ${out.answersWithoutSync.p95} ms`);
    }
    saveSoFar(out);

    // 2. The first upload.
    {
      const { page, cdp } = await openPage(a, env, { throttle: opts.syncThrottle });
      try {
        await page.goto('/');
        await page.locator('ul.decks').waitFor();
        out.collection = await counts(page);
        const before = await usage(page);
        out.upload = await syncThroughSettings(page, cdp, server, FIRST_DB, opts.timeoutMs, env.log);
        out.upload.collectionMB = round(before / MB, 1);
        out.upload.extraMB = round(((await usage(page)) - before) / MB, 1);
        out.upload.serverDocs = ((await (await server.adminFetch(FIRST_DB)).json()) as { doc_count: number }).doc_count;
        env.log(
          `sync: upload ${round(out.upload.ms / 1000)} s, peak heap ${out.upload.peakHeapMB} MB (live ${out.upload.peakLiveHeapMB} MB), +${out.upload.extraMB} MB, ${out.upload.serverDocs} documents`
        );
        saveSoFar(out);
      } catch (error) {
        await failShot(page, env, 'sync-upload');
        throw error;
      } finally {
        await page.close();
      }
    }

    // 3. Answers while the study tab itself uploads the whole collection to a second database (not with --skip answers).
    if (opts.answers) {
      const moved = SECOND_DB;
      await localStoragePage(
        a,
        (db) => {
          const config = JSON.parse(localStorage.getItem('flashcards-sync')!);
          localStorage.setItem('flashcards-sync', JSON.stringify({ ...config, database: db }));
          localStorage.removeItem('flashcards-sync-last');
          return db;
        },
        SECOND_DB
      );
      out.answersWithSync = await answerLatency(a, env, STUDY_DECK, opts.answers, opts.seed + 1);
      const sent = ((await (await server.adminFetch(moved)).json()) as { doc_count: number }).doc_count;
      const finished = (await localStoragePage(a, () => localStorage.getItem('flashcards-sync-last'), '')) !== null;
      out.answersWithSync.serverDocsWhenAnswersEnded = sent;
      out.answersWithSync.syncFinishedDuringAnswers = finished;
      env.log(`sync: answers during an upload p95 ${out.answersWithSync.p95} ms (the upload had sent ${sent} documents, finished: ${finished})`);
      saveSoFar(out);
    }

    // 4. Device B, empty: the whole collection pulled.
    b = await newContext();
    {
      const { page, cdp } = await openPage(b, env, { throttle: opts.syncThrottle });
      try {
        await page.goto('/');
        await page.locator('ul.decks').waitFor();
        const before = await usage(page);
        out.pull = await syncThroughSettings(
          page,
          cdp,
          server,
          FIRST_DB,
          opts.timeoutMs,
          env.log,
          opts.profileApply ? 'Bringing changes to this device' : undefined
        );
        out.pull.received = await counts(page);
        out.pull.emptyAppMB = round(before / MB, 1);
        out.pull.usageMB = round((await usage(page)) / MB, 1);
        const want = out.collection.reviewLogs;
        out.pull.complete = out.pull.received.reviewLogs === want;
        env.log(
          `sync: pull ${round(out.pull.ms / 1000)} s, peak heap ${out.pull.peakHeapMB} MB (live ${out.pull.peakLiveHeapMB} MB), ${out.pull.received.reviewLogs} of ${want} reviews, ${out.pull.usageMB} MB stored`
        );
      } catch (error) {
        await failShot(page, env, 'sync-pull');
        throw error;
      } finally {
        await page.close();
      }
    }
  } finally {
    out.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
    await a.close();
    await b?.close();
    await server.dispose();
  }
  return out;
}

/** Runs `work` in a same-origin page that does not start the app (so no sync runner starts there). */
async function localStoragePage(ctx: BrowserContext, work: (arg: string) => string | null, arg: string): Promise<string | null> {
  const page = await ctx.newPage();
  try {
    await page.goto('/decks/manifest.json');
    return await page.evaluate(work, arg);
  } finally {
    await page.close();
  }
}

/** The app's origin, from a page opened on the context's base URL. */
async function probeOrigin(ctx: BrowserContext): Promise<string> {
  const page = await ctx.newPage();
  try {
    await page.goto('/decks/manifest.json');
    return page.url();
  } finally {
    await page.close();
  }
}
