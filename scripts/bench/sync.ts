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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startSyncServer, type Credentials, type SyncServer } from '../../tests/sync-server/harness';
import { STUDY_DECK } from './generate';
import { answerLatency, failShot, harnessPage, openPage, topSelfTime, type Env } from './measure';
import { seedServer } from './sync-seed';
import { round } from './stats';
import { attachWorkers, syncWorker, type WorkerTargets } from './worker-targets';

export interface SyncBenchOptions {
  cards: number;
  seed: number;
  /** Answers timed beside sync; 0 (--skip answers): only the upload and the pull. */
  answers: number;
  /**
   * Pause before each answer of the sync rows, with and without sync (`--sync-answer-gap`, ms). The
   * engine holds its next step for 1 s after the page's last input, so answers that come faster
   * than that hold the upload, and its answers are timed beside a sync that does nothing.
   */
  answerGapMs: number;
  /** false (`--skip pull`): device A only, its upload and its answers; no device B. */
  pull: boolean;
  /** CPU throttling during the upload and the pull. */
  syncThrottle: number;
  /** How long one upload or pull may take. */
  timeoutMs: number;
  /** A CPU profile of the pull's apply stage (diagnosis; `--sync-profile`): top self time per function. */
  profileApply?: boolean;
  /**
   * `--sync-seed server`: no device A; the server database is filled from Node with the documents
   * A's first upload would send (sync-seed.ts), and only the pull is measured.
   */
  seedServer?: { now: number; logsPerReviewedCard: number; builtinDeckIds: string[] };
  /**
   * `--sync-server-dir`: the server's data folder, kept after the run; a folder seeded before with
   * the same collection is used as it is (the seeding takes tens of minutes on a loaded machine).
   */
  serverDir?: string;
}

const MB = 1024 * 1024;
const user: Credentials = { name: 'bench', password: 'bench-password' };
const FIRST_DB = 'bench';
const SECOND_DB = 'bench-second';
const STAGES = ['Getting changes ready', 'Sending changes', 'Receiving changes', 'Bringing changes to this device'] as const;
const APPLY_STAGE = STAGES[3];

/** Everything this origin stores (IndexedDB here: service workers are blocked in the bench). */
const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Counts of the app's tables, read with IndexedDB directly. */
function counts(page: Page): Promise<{ cards: number; benchCards: number; reviewLogs: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['cards', 'reviewLogs']);
          const cards = tx.objectStore('cards').count();
          // The synthetic collection's cards (generate.ts ids: `bench-<deck>-<n>`), beside the built-in decks'.
          const bench = tx.objectStore('cards').count(IDBKeyRange.bound('bench-', 'bench-\uffff'));
          const logs = tx.objectStore('reviewLogs').count();
          tx.oncomplete = () => {
            open.result.close();
            resolve({ cards: cards.result, benchCards: bench.result, reviewLogs: logs.result });
          };
        };
      })
  );
}

interface HeapSeries {
  /** Highest heap seen, garbage included. */
  peak: number;
  /** Heap after each full GC. */
  live: number[];
}

export interface HeapSamples {
  page: HeapSeries;
  /** The sync engine's worker (sync.worker.ts), from when it starts. */
  worker: HeapSeries;
}

/**
 * Samples the JS heaps of the page and of its sync worker until stopped: every 250 ms as they are
 * (garbage included: what each holds at its peak), and every 10 s after a full GC (what is live:
 * flat when the engine works in batches, growing with the collection when something keeps it all).
 */
function heapSampler(
  cdp: CDPSession,
  workers: WorkerTargets,
  everyMs = 250,
  gcEveryMs = 10_000
): {
  stop: () => Promise<HeapSamples>;
  result: () => HeapSamples;
  stopped: () => boolean;
} {
  const samples: HeapSamples = { page: { peak: 0, live: [] }, worker: { peak: 0, live: [] } };
  let running = true;
  let nextGc = Date.now() + gcEveryMs;
  const used = async (send: (method: string) => Promise<any>, series: HeapSeries, gc: boolean) => {
    series.peak = Math.max(series.peak, (await send('Runtime.getHeapUsage')).usedSize);
    if (!gc) return;
    await send('HeapProfiler.collectGarbage');
    series.live.push((await send('Runtime.getHeapUsage')).usedSize);
  };
  const loop = (async () => {
    while (running) {
      const gc = Date.now() >= nextGc;
      if (gc) nextGc = Date.now() + gcEveryMs;
      try {
        await used((method) => cdp.send(method as 'Runtime.getHeapUsage'), samples.page, gc);
      } catch {
        // the page is navigating
      }
      const worker = syncWorker(workers);
      if (worker)
        try {
          await used((method) => workers.send(worker.sessionId, method), samples.worker, gc);
        } catch {
          // the worker ended
        }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stopped: () => !running,
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
    result: () => samples
  };
}

const mb = (bytes: number) => round(bytes / MB, 1);
const peakLive = (s: HeapSeries) => mb(Math.max(0, ...s.live));

/** A CPU profile under way, in the page or in its sync worker. */
interface Profiling {
  send: (method: string, params?: Record<string, unknown>) => Promise<any>;
  thread: string;
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
  const workers = await attachWorkers(cdp);
  const heapSamples = heapSampler(cdp, workers);
  let nextLog = Date.now() + 60_000;
  const t0 = Date.now();
  const stages: Record<string, number> = {};
  const stageUsage: Record<string, number> = {};
  let lastProgress = '';
  let profiling: Profiling | null = null;
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
      for (const stage of STAGES)
        if (state.progress.startsWith(stage) && stages[stage] === undefined) {
          stages[stage] = Date.now() - t0;
          // What this origin stores when each stage starts: on a pull, the apply stage starts with the local copy filled.
          stageUsage[stage] = await usage(page);
        }
      if (profileStage && !profiling && stages[profileStage] !== undefined) {
        // The engine's own thread: its worker (the page only shows the progress).
        const worker = syncWorker(workers);
        profiling = worker
          ? { send: (method, params) => workers.send(worker.sessionId, method, params), thread: 'sync worker' }
          : { send: (method, params) => cdp.send(method as 'Profiler.start', params), thread: 'page' };
        await profiling.send('Profiler.enable');
        await profiling.send('Profiler.setSamplingInterval', { interval: 1000 });
        await profiling.send('Profiler.start');
      }
      if (state.progress) lastProgress = state.progress;
      if (state.last) break;
      if (Date.now() >= nextLog) {
        nextLog = Date.now() + 60_000;
        const { page: p, worker: w } = heapSamples.result();
        const last = (s: HeapSeries) => (s.live.length ? mb(s.live[s.live.length - 1]) : '-');
        log(
          `sync: ${round((Date.now() - t0) / 1000)} s, "${lastProgress}", live heap page ${last(p)} MB, worker ${last(w)} MB (max so far ${peakLive(p)} / ${peakLive(w)} MB)`
        );
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`sync did not finish within ${timeoutMs / 60_000} min (last shown: ${lastProgress})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const ms = Date.now() - t0;
  let profiledThread: string | undefined;
  const profiled = profiling as Profiling | null; // set in waitForSync
  if (profiled) {
    stageProfile = topSelfTime((await profiled.send('Profiler.stop')).profile, 25);
    profiledThread = profiled.thread;
  }
  const heap = heapSamples.result();
  return {
    ms,
    idleHeapMB,
    peakHeapMB: mb(heap.page.peak),
    peakLiveHeapMB: peakLive(heap.page),
    liveHeapMB: heap.page.live.map(mb),
    workerPeakHeapMB: mb(heap.worker.peak),
    workerPeakLiveHeapMB: peakLive(heap.worker),
    workerLiveHeapMB: heap.worker.live.map(mb),
    stages,
    stageUsageMB: Object.fromEntries(Object.entries(stageUsage).map(([stage, bytes]) => [stage, mb(bytes)])),
    lastProgress,
    ...(stageProfile ? { stageProfile, profiledThread } : {})
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
  const server = await startSyncServer({ corsOrigins: [origin], ...(opts.serverDir ? { dir: opts.serverDir } : {}) });
  let b: BrowserContext | null = null;
  try {
    out.server = server.url;
    const marker = join(server.dir, 'bench-seed.json');
    const collection = { cards: opts.cards, seed: opts.seed, logsPerReviewedCard: opts.seedServer?.logsPerReviewedCard };
    const seededBefore = opts.seedServer && existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : null;
    if (seededBefore && JSON.stringify(seededBefore.collection) === JSON.stringify(collection)) {
      out.seeded = { ...seededBefore.seeded, reused: server.dir };
      env.log(`sync: the server in ${server.dir} holds the collection already (${out.seeded.docs} documents)`);
    } else {
      if (seededBefore) throw new Error(`${server.dir} holds another collection (${JSON.stringify(seededBefore.collection)}): give another --sync-server-dir`);
      await server.createUserWithDatabase(user, FIRST_DB);
      await server.createDatabase(SECOND_DB, [user.name]);
    }

    if (opts.seedServer) {
      // No device A: the server gets what A's upload would have sent.
      if (!out.seeded) {
        const { now, logsPerReviewedCard, builtinDeckIds } = opts.seedServer;
        out.seeded = await seedServer(server, FIRST_DB, { cards: opts.cards, seed: opts.seed, now, logsPerReviewedCard }, builtinDeckIds, env.log);
        writeFileSync(marker, JSON.stringify({ collection, seeded: out.seeded }));
        env.log(`sync: seeded the server with ${out.seeded.docs} documents in ${round(out.seeded.ms / 1000)} s`);
      }
      out.collection = { cards: out.seeded.cards, benchCards: out.seeded.cards, reviewLogs: out.seeded.logs };
      saveSoFar(out);
    } else await deviceA();
    if (!opts.pull) return out; // --skip pull

    // 4. Device B, empty: the whole collection pulled.
    b = await newContext();
    {
      const { page, cdp } = await openPage(b, env, { throttle: opts.syncThrottle });
      try {
        await page.goto('/');
        await page.locator('ul.decks').waitFor();
        const before = await usage(page);
        out.pull = await syncThroughSettings(page, cdp, server, FIRST_DB, opts.timeoutMs, env.log, opts.profileApply ? APPLY_STAGE : undefined);
        out.pull.received = await counts(page);
        out.pull.emptyAppMB = round(before / MB, 1);
        out.pull.usageMB = round((await usage(page)) / MB, 1);
        // Received into sync's local copy before the apply stage writes the collection: the bytes sync keeps beside it.
        const applyStart = out.pull.stageUsageMB[APPLY_STAGE];
        if (applyStart !== undefined) {
          out.pull.localCopyMB = round(applyStart - out.pull.emptyAppMB, 1);
          out.pull.collectionMB = round(out.pull.usageMB - applyStart, 1);
        }
        const want = out.collection.reviewLogs;
        out.pull.complete = out.pull.received.reviewLogs === want && out.pull.received.benchCards === out.collection.benchCards;
        env.log(
          `sync: pull ${round(out.pull.ms / 1000)} s, peak heap page ${out.pull.peakHeapMB} MB (live ${out.pull.peakLiveHeapMB} MB), worker ${out.pull.workerPeakHeapMB} MB (live ${out.pull.workerPeakLiveHeapMB} MB), ${out.pull.received.reviewLogs} of ${want} reviews, ${out.pull.received.benchCards} of ${out.collection.benchCards} cards, ${out.pull.usageMB} MB stored`
        );
        if (applyStart !== undefined)
          env.log(`sync: sync's local copy ${out.pull.localCopyMB} MB (received before the apply stage), the collection ${out.pull.collectionMB} MB`);
        saveSoFar(out);
      } catch (error) {
        await failShot(page, env, 'sync-pull');
        throw error;
      } finally {
        await page.close();
      }
    }
    // Every card's schedule against a replay of its merged log.
    {
      const { page } = await harnessPage(b, env, 1);
      try {
        const t0 = Date.now();
        out.pull.replayCheck = { ...(await page.evaluate(() => window.__bench.verifyReplayedSchedules())), ms: Date.now() - t0 };
        env.log(
          `sync: replay check ${out.pull.replayCheck.mismatched} of ${out.pull.replayCheck.answered} answered cards differ from a replay of their log (${out.pull.replayCheck.logs} logs read)`
        );
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

  /** Steps 1-3: device A's collection, its answers without sync, its first upload, and answers during an upload. */
  async function deviceA() {
    // 1. Device A: the collection, and its answer latency without sync.
    out.population = await populate(a);
    env.log(`sync: populated ${out.population.cards} cards, ${out.population.logs} logs`);
    if (opts.answers) {
      out.answersWithoutSync = { ...(await answerLatency(a, env, STUDY_DECK, opts.answers, opts.seed, opts.answerGapMs)), gapMs: opts.answerGapMs };
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
      out.answersWithSync = { ...(await answerLatency(a, env, STUDY_DECK, opts.answers, opts.seed + 1, opts.answerGapMs)), gapMs: opts.answerGapMs };
      const sent = ((await (await server.adminFetch(moved)).json()) as { doc_count: number }).doc_count;
      const finished = (await localStoragePage(a, () => localStorage.getItem('flashcards-sync-last'), '')) !== null;
      out.answersWithSync.serverDocsWhenAnswersEnded = sent;
      out.answersWithSync.syncFinishedDuringAnswers = finished;
      env.log(`sync: answers during an upload p95 ${out.answersWithSync.p95} ms (the upload had sent ${sent} documents, finished: ${finished})`);
      saveSoFar(out);
    }
  }
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
