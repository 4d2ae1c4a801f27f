/**
 * `npm run bench [-- --sizes 1000,10000 --answers 200 --memory-answers 1000 --no-build --skip import,backup]`
 * `npm run bench -- --only sync [--sync-size 5000]`: sync at scale alone (sync.ts; opt-in, it takes long);
 *   with `--skip answers` only the upload and the pull (no answer latency beside sync); with
 *   `--sync-seed server` only the pull, from a server filled from Node (sync-seed.ts, minutes, not the upload's tens).
 *
 * Builds the app if stale, serves build/ with sirv on 127.0.0.1 (precompressed files, as
 * `npm start`), drives Debian's Chromium with Playwright at 4x CPU throttling in persistent
 * profiles (IndexedDB on disk, profile.ts), measures a first visit on slow 4G (first-visit.ts),
 * and measures the app beside a raw-IndexedDB baseline on deterministic synthetic collections. Writes bench-results/latest.json and prints a table.
 * docs/BENCHMARK.md explains every figure.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { buildHarness } from './build-harness';
import { generateCsv, STUDY_DECK } from './generate';
import { measureAutoBackup } from './auto-backup';
import { measureBackup, measureImport } from './flows';
import { generateApkg } from './apkg';
import { measureApkgImport } from './apkg-import';
import { firstVisit } from './first-visit';
import { measureLighthouse } from './lighthouse';
import { measureSearch, SEARCH_WORDS } from './search';
import { measureSync } from './sync';
import { builtinDeckIds } from './sync-seed';

/** Logs per reviewed card in the sync bench's collection: 500k logs at 50k cards (a fifth of the cards are new). */
const SYNC_LOGS_PER_REVIEWED_CARD = 13;
import { LAUNCH_ARGS, newProfile, removeProfiles, type Storage } from './profile';
import {
  answerLatency,
  coldStart,
  deckListNav,
  deckListProfile,
  harnessPage,
  medianPhases,
  memoryRun,
  openPage,
  profilePass,
  startProfile,
  type ColdStartRun,
  type DeckListRun,
  type Env
} from './measure';
import { buildRows, buildTargets, renderTables } from './report';
import { buildSyncRows, buildSyncTargets } from './report-sync';
import { ensureBuild, ensureFloorBuild, freePort, snapshotBuild, startServer, type Server } from './server';
import { median, round } from './stats';

const root = join(import.meta.dirname, '..', '..');
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
/** The built-in deck a first visit opens (the issue's scenario: a candidate following a link to it). */
const FIRST_VISIT_DECK = 'networking';
// BENCH_OUT_DIR: another folder, so two runs (e.g. a sync section beside a full run) never share a snapshot.
const outDir = process.env.BENCH_OUT_DIR ?? join(root, 'bench-results');

interface Args {
  sizes: number[];
  answers: number;
  memoryAnswers: number;
  throttle: number;
  seed: number;
  build: boolean;
  skip: Set<string>;
  coldRuns: number;
  memoryThrottle: number;
  timeoutMinutes: number;
  writeDocs: boolean;
  reportFrom: string | null;
  /** Sizes at which backup export/restore runs (default: the largest selected size up to 10k). */
  backupSizes: number[] | null;
  /** CPU throttling while the automatic backup is measured (1 = the machine's speed). */
  autoBackupThrottle: number;
  /** Where IndexedDB lives: on disk (persistent profiles, as users have it) or in memory (reference). */
  storage: Storage;
  /** Serve this built site instead of building and serving build/ (to measure another build). */
  buildDir: string | null;
  /** First visits per route (each in a fresh profile). */
  firstVisitRuns: number;
  /** Rounds of the import's write and its raw baseline (medians), each in a fresh profile. */
  importRounds: number;
  /** The Anki package import: notes (one card each) and revlog rows. */
  apkgNotes: number;
  apkgReviews: number;
  /** Top-level sections to run (firstvisit, sizes, import, apkg, sync, lighthouse); null: all but sync and lighthouse. */
  only: Set<string> | null;
  /** Cards of the sync bench's collection (13 logs per reviewed card: about 10 per card). */
  syncSize: number;
  /** CPU throttling of the sync bench's upload and pull (answers use --throttle). */
  syncThrottle: number;
  /** A CPU profile of the pull's apply stage (diagnosis), in the sync results' pull.stageProfile. */
  syncProfile: boolean;
  /** Where the pull's documents come from: device A's upload through the app, or Node writing them into the server (sync-seed.ts). */
  syncSeed: 'upload' | 'server';
  /** The sync server's data folder, kept (a seeded one is reused); null: a temporary one. */
  syncServerDir: string | null;
  /** The sync rows' pause before each answer (sync.ts answerGapMs). */
  syncAnswerGapMs: number;
  /** Lighthouse audits per route (the optional `lighthouse` section). */
  lighthouseRuns: number;
  /** Another build whose Browse search is measured in turns with this one, on the same origin and database. */
  searchCompare: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    sizes: [1000, 10_000, 50_000],
    answers: 200,
    memoryAnswers: 1000,
    throttle: 4,
    seed: 42,
    build: true,
    skip: new Set(),
    coldRuns: 5,
    memoryThrottle: 1,
    // A complete run took 24 min before the import had its rounds and two raw puts per round (BENCHMARK §34); it now passes 30.
    timeoutMinutes: 60,
    writeDocs: false,
    reportFrom: null,
    backupSizes: null,
    autoBackupThrottle: 1,
    storage: 'disk',
    buildDir: null,
    firstVisitRuns: 3,
    importRounds: 5,
    apkgNotes: 50_000,
    apkgReviews: 500_000,
    only: null,
    syncSize: 50_000,
    syncThrottle: 1,
    syncProfile: false,
    syncSeed: 'upload',
    syncServerDir: null,
    lighthouseRuns: 3,
    syncAnswerGapMs: 1500,
    searchCompare: null
  };
  let timeoutGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--sizes':
        args.sizes = value()
          .split(',')
          .map((s) => Number(s.replace(/k$/i, '000')))
          .filter((n) => Number.isInteger(n) && n > 0);
        break;
      case '--answers':
        args.answers = Number(value());
        break;
      case '--memory-answers':
        args.memoryAnswers = Number(value());
        break;
      case '--throttle':
        args.throttle = Number(value());
        break;
      case '--memory-throttle':
        args.memoryThrottle = Number(value());
        break;
      case '--seed':
        args.seed = Number(value());
        break;
      case '--cold-runs':
        args.coldRuns = Number(value());
        break;
      case '--timeout-minutes':
        args.timeoutMinutes = Number(value());
        timeoutGiven = true;
        break;
      case '--no-build':
        args.build = false;
        break;
      case '--report-from':
        args.reportFrom = value();
        break;
      case '--write-docs':
        args.writeDocs = true;
        break;
      case '--storage': {
        const v = value();
        if (v !== 'disk' && v !== 'memory') throw new Error('--storage is disk or memory');
        args.storage = v;
        break;
      }
      case '--build-dir':
        args.buildDir = value();
        break;
      case '--apkg':
        [args.apkgNotes, args.apkgReviews] = value()
          .split('/')
          .map((x) => Number(x.replace(/k$/i, '000')));
        break;
      case '--import-rounds':
        args.importRounds = Number(value());
        break;
      case '--first-visit-runs':
        args.firstVisitRuns = Number(value());
        break;
      case '--autobackup-throttle':
        args.autoBackupThrottle = Number(value());
        break;
      case '--backup-sizes':
        args.backupSizes = value()
          .split(',')
          .map((x) => Number(x.replace(/k$/i, '000')));
        break;
      case '--only':
        args.only = new Set(
          value()
            .split(',')
            .map((s) => s.trim())
        );
        break;
      case '--sync':
        (args.only ??= new Set(['firstvisit', 'sizes', 'import', 'apkg'])).add('sync');
        break;
      case '--sync-size':
        args.syncSize = Number(value().replace(/k$/i, '000'));
        break;
      case '--sync-profile':
        args.syncProfile = true;
        break;
      case '--sync-seed': {
        const seed = value();
        if (seed !== 'upload' && seed !== 'server') throw new Error('--sync-seed is upload or server');
        args.syncSeed = seed;
        break;
      }
      case '--sync-server-dir':
        args.syncServerDir = value();
        break;
      case '--sync-throttle':
        args.syncThrottle = Number(value());
        break;
      case '--sync-answer-gap':
        args.syncAnswerGapMs = Number(value());
        break;
      case '--lighthouse-runs':
        args.lighthouseRuns = Number(value());
        break;
      case '--search-compare':
        args.searchCompare = value();
        break;
      case '--skip':
        value()
          .split(',')
          .forEach((s) => args.skip.add(s.trim()));
        break;
      case '--help':
        console.log(
          'npm run bench -- [--sizes 1000,10000,50000] [--answers 200] [--memory-answers 1000] [--throttle 4] [--memory-throttle 1] [--seed 42] [--cold-runs 5] [--backup-sizes 10000] [--autobackup-throttle 1] [--storage disk|memory] [--build-dir dir] [--first-visit-runs 3] [--import-rounds 5] [--no-build] [--write-docs] [--report-from bench-results/latest.json] [--apkg 50k/500k] [--only firstvisit,sizes,import,apkg,sync,lighthouse] [--sync] [--sync-size 50000] [--sync-throttle 1] [--sync-profile] [--sync-seed upload|server] [--sync-server-dir dir] [--sync-answer-gap 1500] [--lighthouse-runs 3] [--search-compare other-build-dir] [--skip firstvisit,sizes,import,apkg,backup,memory,profile,answers,search,search-scan,search-profile,search-build,autobackup,data,cold,decklist,floor,pull] [--timeout-minutes 30]'
        );
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  if (!args.sizes.length) throw new Error('--sizes needs at least one positive integer');
  // A 50k upload and pull take tens of minutes on 2 cores.
  if (args.only?.has('sync') && !timeoutGiven) args.timeoutMinutes += 90;
  args.sizes.sort((a, b) => a - b);
  // A 50k backup is a ~200 MB file and takes minutes to write and restore on 2 cores: by default
  // backup runs at the largest size up to 10k only (--backup-sizes 50000 to measure it there).
  args.backupSizes ??= [args.sizes.filter((n) => n <= 10_000).pop() ?? args.sizes[0]];
  return args;
}

/** Sections that run only when named in --only: sync takes long, lighthouse installs a large dependency. */
const OPT_IN = new Set(['sync', 'lighthouse']);

/** Whether a top-level section runs: the --only list, else every section but the opt-in ones. */
const runs = (args: Args, section: string) => (args.only ? args.only.has(section) : !OPT_IN.has(section) && !args.skip.has(section));

/** Serves another built site (null: the measured one) on the same origin, set once the server runs (--search-compare). */
let serveBuild: ((dir: string | null) => Promise<void>) | null = null;

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function machine(browserVersion: string) {
  let git: { commit: string; dirty: boolean } | null;
  try {
    git = {
      commit: execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim(),
      dirty: execSync('git status --porcelain', { cwd: root }).toString().trim().length > 0
    };
  } catch {
    git = null;
  }
  return {
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((v) => round(v, 2)),
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    os: `${osType()} ${release()}`,
    node: process.version,
    chromium: browserVersion,
    git
  };
}

let storage: Storage = 'disk';

async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  // Service workers are blocked so every run loads the same way (no precache traffic competing
  // with the start-up being measured). bypassCSP: the harness is injected as an inline script,
  // which the app's Content-Security-Policy refuses.
  return newProfile(storage, browser, executablePath, { baseURL, serviceWorkers: 'block', bypassCSP: true });
}

/** Runs one measurement step; a failure is recorded under out.errors[name] and the run goes on. */
async function step(out: any, name: string, work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    (out.errors ??= {})[name] = message;
    log(`${name} FAILED: ${message}`);
    return false;
  }
}

/**
 * `floorURL`: the floor's server (an empty SvelteKit page built like the app, scripts/bench/floor),
 * started alternately with the app in the same context so both see the same load; null with --skip floor.
 */
async function measureSize(browser: Browser, baseURL: string, floorURL: string | null, env: Env, args: Args, n: number, results: any, isLargest: boolean) {
  const out: any = { loadAverageAtStart: loadavg().map((v) => round(v, 2)) };
  results.sizes[n] = out;
  const ctx = await newContext(browser, baseURL);
  try {
    // 1. Let the app create its schema and merge the built-in decks, then populate (unthrottled, not measured).
    {
      const { page } = await openPage(ctx, env, { throttle: 1 });
      await page.goto('/');
      await page.locator('ul.decks').waitFor();
      await page.addScriptTag({ path: env.harnessPath });
      // The app indexes the built-in decks' words in the background once the list is shown; the
      // population writes its own cards' words. Waiting for that build first leaves a complete
      // index, as a collection has after an import (else every later page rebuilds it beside the
      // figures, a one-off after an upgrade that no answer should be measured against).
      for (let waited = 0; !(await page.evaluate(() => window.__bench.searchIndexDone())) && waited < 60_000; waited += 500) await page.waitForTimeout(500);
      const now = Date.now();
      out.population = await page.evaluate((o) => window.__bench.populate(o), { cards: n, seed: args.seed, now });
      await page.close();
      log(`${n}: populated ${out.population.cards} cards, ${out.population.logs} logs in ${round(out.population.ms / 1000)} s`);
    }

    // 2. Data layer in the page (4x): raw baselines and the app's own functions, no rendering.
    if (!args.skip.has('data'))
      await step(out, 'data layer', async () => {
        const { page } = await harnessPage(ctx, env);
        out.census = await page.evaluate((d) => window.__bench.census(d), STUDY_DECK);
        const cold: number[] = [];
        const coldDecks: number[] = [];
        for (let i = 0; i < 3; i++) {
          cold.push((await page.evaluate((d) => window.__bench.rawColdQueue(d), STUDY_DECK)).ms);
          coldDecks.push((await page.evaluate(() => window.__bench.rawColdDeckCounts())).ms);
        }
        out.rawColdQueue = { median: median(cold), runs: cold };
        out.rawColdDeckCounts = { median: median(coldDecks), runs: coldDecks };
        out.queue = await page.evaluate((d) => window.__bench.queue(d, 7), STUDY_DECK);
        out.deckList = await page.evaluate(() => window.__bench.deckList(5));
        out.answerWrite = await page.evaluate((d) => window.__bench.answerWrite(d, 30), STUDY_DECK);
        // The floor under answer -> next question: raw put card + log and the next card's reads, one transaction, then a frame.
        out.answerFloor = await page.evaluate((d) => window.__bench.answerFloor(d, 100), STUDY_DECK);
        out.todayLogs = await page.evaluate((d) => window.__bench.todayLogs(d, 5), STUDY_DECK);
        await page.evaluate(() => window.__bench.close());
        await page.close();
        log(
          `${n}: queue app ${round(out.queue.appMs)} ms / raw ${round(out.queue.rawMs)} ms; deck list app ${round(out.deckList.appMs)} / raw ${round(out.deckList.rawMs)} ms`
        );
      });

    // 3. Cold start to the first question (fresh page each run; the first run also counts bytes).
    if (!args.skip.has('cold'))
      await step(out, 'cold start', async () => {
        const runs: ColdStartRun[] = [];
        const floor: ColdStartRun[] = [];
        for (let i = 0; i < args.coldRuns; i++) {
          runs.push(await coldStart(ctx, env, STUDY_DECK, i === 0 && !results.bytes));
          if (floorURL) floor.push(await coldStart(ctx, env, STUDY_DECK, false, `${floorURL}/study/${STUDY_DECK}`));
        }
        if (runs[0].bytes) results.bytes = runs[0].bytes;
        out.coldStart = {
          median: median(runs.map((r) => r.cardPaint)),
          wallMedian: median(runs.map((r) => r.wallMs)),
          domContentLoaded: median(runs.map((r) => r.domContentLoaded ?? NaN)),
          heapMB: median(runs.map((r) => r.heapMB)),
          phases: medianPhases(runs.map((r) => r.phases)),
          runs: runs.map(({ bytes: _b, ...r }) => r)
        };
        log(
          `${n}: cold start ${round(out.coldStart.median)} ms (runs ${runs.map((r) => round(r.cardPaint)).join(', ')}); phases ${JSON.stringify(out.coldStart.phases)}`
        );
        if (floor.length) {
          out.coldStartFloor = { median: median(floor.map((r) => r.cardPaint)), phases: medianPhases(floor.map((r) => r.phases)), runs: floor };
          log(
            `${n}: floor (empty SvelteKit page) ${round(out.coldStartFloor.median)} ms (runs ${floor.map((r) => round(r.cardPaint)).join(', ')}); phases ${JSON.stringify(out.coldStartFloor.phases)}`
          );
        }
      });

    // 4. Deck list: navigation until every deck row shows its counts.
    if (!args.skip.has('decklist'))
      await step(out, 'deck list', async () => {
        const runs: DeckListRun[] = [];
        const floor: DeckListRun[] = [];
        for (let i = 0; i < args.coldRuns; i++) {
          runs.push(await deckListNav(ctx, env));
          if (floorURL) floor.push(await deckListNav(ctx, env, `${floorURL}/`));
        }
        out.deckListNav = {
          median: median(runs.map((r) => r.decksPaint)),
          wallMedian: median(runs.map((r) => r.wallMs)),
          rows: runs[0].rows,
          phases: medianPhases(runs.map((r) => r.phases)),
          runs
        };
        log(`${n}: deck list ${round(out.deckListNav.median)} ms; phases ${JSON.stringify(out.deckListNav.phases)}`);
        if (floor.length) {
          out.deckListFloor = { median: median(floor.map((r) => r.decksPaint)), phases: medianPhases(floor.map((r) => r.phases)), runs: floor };
          log(`${n}: deck list floor ${round(out.deckListFloor.median)} ms`);
        }
      });

    // 5. Answer latency with real key presses.
    if (!args.skip.has('answers') && args.answers > 0)
      await step(out, 'answers', async () => {
        out.answers = await answerLatency(ctx, env, STUDY_DECK, args.answers, args.seed);
        log(`${n}: ${out.answers.answered} answers p50 ${out.answers.p50} ms p95 ${out.answers.p95} ms`);
      });

    // 6. Diagnosis: CPU profile and IndexedDB requests of a start and of answers (largest size).
    if (isLargest && !args.skip.has('profile'))
      await step(out, 'profile', async () => {
        out.profile = await profilePass(ctx, env, STUDY_DECK, args.seed + 7);
        out.profile.deckList = await deckListProfile(ctx, env);
        // The same start profiled with the phases, beside the floor's: where the app's extra time goes.
        out.profile.start = await startProfile(ctx, env, `/study/${STUDY_DECK}`, 'article.card', 'card');
        if (floorURL) out.profile.floorStart = await startProfile(ctx, env, `${floorURL}/study/${STUDY_DECK}`, 'article.card', 'card');
        const byFile = (p: any) =>
          p
            ? `scripts ${p.byFile.scriptsMs} ms, (program) ${p.byFile.programMs} ms, GC ${p.byFile.gcMs} ms, paint at ${round(p.phases.paint)} ms`
            : 'not measured';
        log(`${n}: profile: app start ${byFile(out.profile.start)}; floor start ${byFile(out.profile.floorStart)}`);
        log(`${n}: profile: start ${out.profile.startQueries.requests} IDB requests, one answer ${out.profile.oneAnswer.queries.requests}`);
      });

    // 6b. Browse search (largest size): first page and total after typing.
    if (isLargest && !args.skip.has('search'))
      await step(out, 'search', async () => {
        const line = (runs: any[]) => runs.map((r: any) => `"${r.word}" first page ${r.firstPageMs} ms, total ${r.totalMs} ms (${r.summary})`).join('; ');
        if (!args.skip.has('search-scan')) {
          out.searchScan = await measureSearch(ctx, env, 'scan');
          log(`${n}: search by scan ${line(out.searchScan)}`);
        }
        out.search = await measureSearch(ctx, env, 'index');
        log(`${n}: search by word index ${line(out.search)}`);
        // Back to back with another build on the same origin (so the same database), in turns.
        if (args.searchCompare && serveBuild) {
          out.searchCompare = [];
          try {
            for (const build of ['other', 'this', 'other', 'this'] as const) {
              await serveBuild(build === 'other' ? args.searchCompare : null);
              const runs = await measureSearch(ctx, env, 'index');
              out.searchCompare.push({ build, load: round(loadavg()[0], 2), runs });
              log(`${n}: search (${build === 'other' ? args.searchCompare : 'this build'}, load ${round(loadavg()[0], 1)}) ${line(runs)}`);
            }
          } finally {
            await serveBuild(null);
          }
        }
        // Diagnosis: the same searches again in a new page with a CPU profile (slower by the profiler; not the figure).
        if (!args.skip.has('search-profile')) {
          out.searchProfile = await measureSearch(ctx, env, 'index', SEARCH_WORDS, true);
          for (const r of out.searchProfile)
            log(`${n}: search profile "${r.word}" ${r.firstPageMs} ms: ${r.top.map((t: any) => `${t.fn} ${t.ms}`).join('; ')}`);
        }
        // The index itself: size, the background build over every card, the import path's cost per card.
        const { page } = await harnessPage(ctx, env);
        out.searchPhases = await page.evaluate((w) => window.__bench.searchPhases(w), [...SEARCH_WORDS]);
        log(
          `${n}: search phases (4x, in the page) ${JSON.stringify(out.searchPhases.map((p: any) => ({ ...p, coldSearchCardsMs: round(p.coldSearchCardsMs), prepareMs: round(p.prepareMs), candidatesMs: round(p.candidatesMs), searchCardsMs: round(p.searchCardsMs), floorMs: round(p.floorMs) })))}`
        );
        if (args.skip.has('search-build')) return void (await page.close());
        out.searchIndex = await page.evaluate((o) => window.__bench.searchIndexCost(o), { seed: args.seed, now: Date.now(), writeCards: 5000 });
        await page.close();
        const c = out.searchIndex;
        log(
          `${n}: word index ${c.cards} card rows (${round(c.rowBytes / 1e6)} MB), ${c.postingRows} posting rows of ${c.entries} ids (${round(c.keyBytes / 1e6)} MB); usage ${round(c.usageCleared / 1e6)} -> ${round(c.usageBuilt / 1e6)} MB; build ${round(c.buildMs / 1000)} s; ${c.write.cards} cards written in ${round(c.write.withIndexMs)} ms with the index, ${round(c.write.withoutIndexMs)} ms without (finding the words: ${round(c.write.wordsMs)} ms)`
        );
      });

    // 7. Memory over 1,000 answers (largest size).
    if (isLargest && !args.skip.has('memory') && args.memoryAnswers > 0)
      await step(out, 'memory', async () => {
        const first = Math.min(100, args.memoryAnswers);
        const mem = await memoryRun(ctx, env, STUDY_DECK, first, args.memoryAnswers, args.seed + 13, args.memoryThrottle);
        out.memory = { ...mem, first, total: args.memoryAnswers, throttle: args.memoryThrottle, sizeLabel: `${n / 1000}k` };
        log(`${n}: memory ${mem.heapAtFirstMB} -> ${mem.heapAtLastMB} MB over ${mem.answered} answers (${mem.seconds} s)`);
      });

    // 8. Automatic backup (OPFS): full snapshot, then an increment after 20 answers (largest size).
    if (isLargest && !args.skip.has('autobackup'))
      await step(out, 'automatic backup', async () => {
        out.autoBackup = await measureAutoBackup(ctx, env, STUDY_DECK, args.autoBackupThrottle);
        const a = out.autoBackup;
        log(
          `${n}: automatic backup ${a.note ?? `full ${round(a.full.ms)} ms (longest task ${a.full.longestTaskMs} ms), incremental ${round(a.incremental.ms)} ms (longest task ${a.incremental.longestTaskMs} ms)`}`
        );
      });

    // 9. Backup export and restore through /backup (restore last: it rewrites the data).
    if (!args.skip.has('backup') && args.backupSizes!.includes(n))
      await step(out, 'backup', async () => {
        out.backup = await measureBackup(ctx, () => newContext(browser, baseURL), env, join(outDir, '.data'), n);
        log(`${n}: backup ${out.backup.note ?? `export ${round(out.backup.export?.ms)} ms, restore ${round(out.backup.restore?.ms)} ms`}`);
      });
  } catch (error) {
    out.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`${n}: FAILED: ${out.error}`);
  } finally {
    out.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
    await ctx.close();
  }
}

/** Replaces a results block (between its markers) of README.md and docs/BENCHMARK.md with this run's tables. */
function writeDocs(text: string, block = 'bench-results') {
  const start = `<!-- ${block}:start -->`;
  const end = `<!-- ${block}:end -->`;
  for (const name of ['README.md', join('docs', 'BENCHMARK.md')]) {
    const file = join(root, name);
    const doc = readFileSync(file, 'utf8');
    const a = doc.indexOf(start);
    const b = doc.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${name} has no ${start} ... ${end} block`);
    writeFileSync(file, `${doc.slice(0, a + start.length)}\n\n${text}\n\n${doc.slice(b)}`);
    log(`${name} results updated`);
  }
}

/** The main table with its heading and load warning, from a run's results (also `--report-from`). */
function mainReport(results: any, args: Pick<Args, 'throttle' | 'storage' | 'seed'>) {
  const rows = buildRows(results);
  const targets = buildTargets(results);
  const m = results.meta;
  const where = args.storage === 'disk' ? 'IndexedDB on disk (persistent profile)' : 'IndexedDB in memory (incognito context)';
  const heading = `Benchmark ${m.date} | ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB | Chromium ${m.chromium} | Node ${m.node} | CPU throttling ${args.throttle}x | ${where} | seed ${args.seed} | git ${m.git?.commit ?? '?'}${m.git?.dirty ? ' (uncommitted changes)' : ''} | ${m.durationSeconds} s`;
  const busy = Math.max(m.loadAverageAtStart[0], m.loadAverageAtEnd[0]);
  const warning =
    busy > m.nproc ? `WARNING: load average ${busy} on ${m.nproc} cores during the run: other processes competed for the CPU, figures are pessimistic.` : '';
  return { rows, targets, text: `${heading}\n\n${renderTables(rows, targets)}${warning ? `\n\n${warning}` : ''}` };
}

/** The main report's sections: the name `--only` takes, and the key of their results. */
const MAIN_SECTIONS = { firstvisit: 'firstVisit', sizes: 'sizes', import: 'import', apkg: 'apkg', lighthouse: 'lighthouse' } as const;
const mainSectionsRan = (args: Args) => Object.keys(MAIN_SECTIONS).some((section) => runs(args, section));

/** The sync table with its heading (the main report's machine line), from a run's results (also `--report-from`); null when sync did not run. */
function syncReport(results: any, args: Args, mainText: string): string | null {
  const sync = results.sync;
  if (!sync) return null;
  const m = results.meta;
  const heading = mainText.split('\n')[0];
  const load = `load average ${sync.loadAverageAtStart?.[0] ?? '?'} at the start, ${sync.loadAverageAtEnd?.[0] ?? '?'} at the end (${m.nproc} cores)`;
  return `Sync benchmark ${m.date} | ${heading.split(' | ').slice(1, 6).join(' | ')} | upload and pull at ${args.syncThrottle}x, answers at ${args.throttle}x | pouchdb-server on 127.0.0.1 | ${load}\n\n${renderTables(buildSyncRows(sync), buildSyncTargets(sync))}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.reportFrom) {
    // Re-renders a finished run's table with today's report.ts (targets changed since the run).
    const results = JSON.parse(readFileSync(args.reportFrom, 'utf8'));
    const ran: Args = results.meta.args; // its sets (only, skip) did not survive JSON: what ran is read from the results
    const { text } = mainReport(results, ran);
    if (Object.values(MAIN_SECTIONS).some((key) => results[key] && Object.keys(results[key]).length > 0)) {
      console.log(text);
      if (args.writeDocs) writeDocs(text);
    }
    const syncText = syncReport(results, ran, text);
    if (syncText) {
      console.log(`\n${syncText}`);
      if (args.writeDocs) writeDocs(syncText, 'bench-sync-results');
    }
    return;
  }
  const started = Date.now();
  mkdirSync(join(outDir, '.data'), { recursive: true });
  let server: Server | null = null;
  let floorServer: Server | null = null;
  let browser: Browser | null = null;
  const cleanup = () => {
    server?.stop();
    server = null;
    floorServer?.stop();
    floorServer = null;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => {
      log(`${signal}: stopping`);
      cleanup();
      process.exit(130);
    });
  process.on('exit', () => {
    cleanup();
    removeProfiles();
  });
  const watchdog = setTimeout(() => {
    log(`watchdog: still running after ${args.timeoutMinutes} min, giving up`);
    cleanup();
    process.exit(2);
  }, args.timeoutMinutes * 60_000);
  watchdog.unref();

  try {
    storage = args.storage;
    const build = args.buildDir
      ? { built: false, reason: `--build-dir ${args.buildDir}` }
      : args.build
        ? ensureBuild(root, log)
        : { built: false, reason: 'skipped (--no-build)' };
    log('bundling the in-page harness');
    const harnessPath = await buildHarness(root, join(outDir, '.harness'));
    const served = join(outDir, '.build');
    snapshotBuild(args.buildDir ?? join(root, 'build'), served);
    server = await startServer(root, served, await freePort());
    const port = Number(new URL(server.url).port);
    serveBuild = async (dir) => {
      const old = server!.process;
      const exited = old.exitCode === null && old.signalCode === null ? new Promise((resolve) => old.once('exit', resolve)) : Promise.resolve();
      server!.stop();
      await exited;
      server = await startServer(root, dir ?? served, port);
    };
    log(`serving a snapshot of build/ at ${server.url} (pid ${server.process.pid})`);
    if (runs(args, 'sizes') && !args.skip.has('floor')) {
      // The floor (an empty SvelteKit page built like the app) on a server of its own, same options.
      const floorServed = join(outDir, '.floor');
      snapshotBuild(ensureFloorBuild(root, log), floorServed);
      floorServer = await startServer(root, floorServed, await freePort());
      log(`serving the floor at ${floorServer.url} (pid ${floorServer.process.pid})`);
    }
    browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
    const env: Env = {
      throttle: args.throttle,
      failDir: join(outDir, '.data'),
      harnessPath,
      probesPath: join(import.meta.dirname, 'probes.js'),
      timeoutMs: 60_000,
      log
    };
    const results: any = {
      meta: {
        ...machine(browser.version()),
        args: { ...args, skip: [...args.skip] },
        build,
        throttle: args.throttle,
        storage: args.storage,
        seed: args.seed,
        studyDeck: STUDY_DECK
      },
      bytes: null,
      firstVisit: null,
      sizes: {},
      import: {},
      apkg: null
    };
    if (runs(args, 'firstvisit') && args.firstVisitRuns > 0) {
      // Always on a fresh on-disk profile with the service worker allowed: a real first visit.
      const fresh = () => newProfile('disk', null, executablePath, { baseURL: server!.url, serviceWorkers: 'allow', bypassCSP: false });
      results.firstVisit = {};
      for (const [name, route, selector, mark, readyMark] of [
        ['study', `/study/${FIRST_VISIT_DECK}`, 'article.card', 'cardPaint', 'cardReadyPaint'],
        ['decks', '/', 'ul.decks a.deck, ul.decks a.deck-preview', 'decksPaint', undefined]
      ] as const)
        try {
          const fv = await firstVisit(fresh, env, route, selector, mark, args.firstVisitRuns, readyMark);
          results.firstVisit[name] = fv;
          const ready = fv.readyMedian !== undefined ? `; ready to grade ${round(fv.readyMedian)} ms (runs ${fv.runs.map((r) => r.ready).join(', ')})` : '';
          log(
            `first visit ${route}: ${round(fv.median)} ms (runs ${fv.runs.map((r) => r.paint).join(', ')})${ready}, ${fv.transferKB} KB, ${fv.deckFiles} deck files`
          );
        } catch (error) {
          results.firstVisit[name] = { route, note: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
          log(`first visit ${route} FAILED: ${results.firstVisit[name].note}`);
        }
    }
    if (runs(args, 'lighthouse'))
      try {
        results.lighthouse = await measureLighthouse(server.url, ['/', `/study/${FIRST_VISIT_DECK}`], args.lighthouseRuns, outDir, log);
        for (const r of Object.values<any>(results.lighthouse))
          log(`lighthouse ${r.route}: performance ${r.performance}, LCP ${r.lcpMs} ms, TBT ${r.tbtMs} ms (median of ${r.runs.length}; report ${r.report})`);
      } catch (error) {
        results.lighthouse = { note: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
        log(`lighthouse FAILED: ${results.lighthouse.note}`);
      }
    const largest = args.sizes[args.sizes.length - 1];
    if (runs(args, 'sizes'))
      for (const n of args.sizes) {
        log(`== ${n} cards`);
        await measureSize(browser, server.url, floorServer?.url ?? null, env, args, n, results, n === largest);
      }
    if (runs(args, 'import')) {
      for (const n of args.sizes) {
        const csvPath = join(outDir, '.data', `import-${n}.csv`);
        writeFileSync(csvPath, generateCsv(n, args.seed));
        const [b, url] = [browser, server.url];
        const ctx = await newContext(b, url);
        try {
          results.import[n] = await measureImport(ctx, env, csvPath, n, args.seed, n === largest && !args.skip.has('profile'), {
            count: args.importRounds,
            context: () => newContext(b, url)
          });
        } catch (error) {
          results.import[n] = { note: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
        } finally {
          await ctx.close();
        }
        const imp = results.import[n];
        const rounds = imp.rounds ? `; write ${imp.ms} ms vs raw ${imp.rawMs} ms (${imp.rawStrategy}), medians of rounds ${JSON.stringify(imp.rounds)}` : '';
        log(`import ${n}: ${imp.cardsPerSecond ? `${Math.round(imp.cardsPerSecond)} cards/s${rounds}` : imp.note}`);
      }
    }
    if (runs(args, 'apkg')) {
      const { apkgNotes: notes, apkgReviews: reviews } = args;
      const path = join(outDir, '.data', `import-${notes}-${reviews}.apkg`);
      const made = Date.now();
      writeFileSync(path, await generateApkg(notes, reviews, args.seed));
      log(`apkg ${notes} notes / ${reviews} reviews generated in ${round((Date.now() - made) / 1000)} s`);
      const ctx = await newContext(browser, server.url);
      try {
        results.apkg = await measureApkgImport(ctx, env, path, notes, reviews, args.seed);
      } catch (error) {
        results.apkg = { notes, reviews, note: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
      } finally {
        await ctx.close();
      }
      const a = results.apkg;
      log(
        `apkg import: ${a.totalMs !== undefined ? `${a.totalMs} ms, ${Math.round(a.cardsPerSecond)} cards/s, page heap peak ${a.pageHeapPeakMB} MB, renderer +${a.rendererPeakAboveStartMB} MB` : a.note}`
      );
    }
    if (runs(args, 'sync')) {
      log(`== sync, ${args.syncSize} cards`);
      const populate = async (ctx: BrowserContext) => {
        const { page } = await openPage(ctx, env, { throttle: 1 });
        await page.goto('/');
        await page.locator('ul.decks').waitFor();
        await page.addScriptTag({ path: env.harnessPath });
        const opts = { cards: args.syncSize, seed: args.seed, now: Date.now(), logsPerReviewedCard: SYNC_LOGS_PER_REVIEWED_CARD };
        const population = await page.evaluate((o) => window.__bench.populate(o), opts);
        await page.close();
        return population;
      };
      try {
        results.sync = await measureSync(
          () => newContext(browser!, server!.url),
          env,
          {
            cards: args.syncSize,
            seed: args.seed,
            answers: args.skip.has('answers') ? 0 : args.answers,
            answerGapMs: args.syncAnswerGapMs,
            pull: !args.skip.has('pull'),
            syncThrottle: args.syncThrottle,
            timeoutMs: args.timeoutMinutes * 60_000,
            profileApply: args.syncProfile,
            ...(args.syncServerDir ? { serverDir: args.syncServerDir } : {}),
            ...(args.syncSeed === 'server'
              ? { seedServer: { now: Date.now(), logsPerReviewedCard: SYNC_LOGS_PER_REVIEWED_CARD, builtinDeckIds: builtinDeckIds(served) } }
              : {})
          },
          populate,
          (partial) => writeFileSync(join(outDir, 'sync-partial.json'), JSON.stringify(partial, null, 1))
        );
      } catch (error) {
        results.sync = { cards: args.syncSize, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        log(`sync FAILED: ${results.sync.error}`);
      }
    }
    results.meta.durationSeconds = round((Date.now() - started) / 1000);
    results.meta.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
    const { rows, targets, text } = mainReport(results, args);
    results.table = rows;
    results.targets = targets;
    writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 1));
    const mainRan = mainSectionsRan(args);
    if (mainRan) console.log(`\n${text}`);
    if (args.writeDocs && mainRan) writeDocs(text);
    const syncText = syncReport(results, args, text);
    if (syncText) {
      results.syncTable = buildSyncRows(results.sync);
      writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 1));
      console.log(`\n${syncText}`);
      if (args.writeDocs) writeDocs(syncText, 'bench-sync-results');
    }
    console.log(`\nResults: ${join('bench-results', 'latest.json')}`);
  } finally {
    clearTimeout(watchdog);
    await browser?.close().catch(() => undefined);
    cleanup();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
