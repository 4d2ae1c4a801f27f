/** Browser scenarios: each opens its own page, measures one thing, closes the page. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { Bench } from './harness';
import { median, MB, percentile, round } from './stats';

declare global {
  interface Window {
    __bench: Bench;
    __benchMarks: Record<string, number>;
    __benchAnswer: { pending: unknown; results: AnswerSample[] };
    __benchDrive(count: number, seed: number, timeout?: number): Promise<{ answered: number; done: boolean }>;
    __benchReveal(timeout: number): Promise<'ready' | 'done'>;
    __benchTrace?: TraceEntry[];
  }
}

export interface AnswerSample {
  key: string;
  latency: number;
  dom: number;
  settled: number;
  done: boolean;
  inputDelay: number;
}

export interface TraceEntry {
  op: string;
  on: string;
  range: string;
  t0: number;
  t1: number;
  rows: number;
}

export interface Env {
  throttle: number;
  /** Where a page that failed a step is saved as a screenshot (for debugging the benchmark). */
  failDir: string;
  harnessPath: string;
  probesPath: string;
  timeoutMs: number;
  log(line: string): void;
}

export interface MeasuredPage {
  page: Page;
  cdp: CDPSession;
}

export async function openPage(ctx: BrowserContext, env: Env, opts: { throttle?: number; trace?: boolean } = {}): Promise<MeasuredPage> {
  const page = await ctx.newPage();
  page.setDefaultTimeout(env.timeoutMs);
  const cdp = await ctx.newCDPSession(page);
  const rate = opts.throttle ?? env.throttle;
  if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const probes = readFileSync(env.probesPath, 'utf8');
  await page.addInitScript({ content: (opts.trace ? 'window.__benchTraceOn = true;\n' : '') + probes });
  return { page, cdp };
}

/** A same-origin page that does not run the app (a JSON file), with the harness bundle injected. */
export async function harnessPage(ctx: BrowserContext, env: Env, throttle?: number): Promise<MeasuredPage> {
  const mp = await openPage(ctx, env, { throttle });
  await mp.page.goto('/decks/manifest.json');
  await mp.page.addScriptTag({ path: env.harnessPath });
  await mp.page.waitForFunction(() => !!window.__bench);
  return mp;
}

/** Saves a screenshot of a page whose step failed; never throws. */
export async function failShot(page: Page, env: Env, name: string): Promise<void> {
  try {
    await page.screenshot({ path: `${env.failDir}/fail-${name}.png`, timeout: 5000 });
    env.log(`screenshot of the failed page: ${env.failDir}/fail-${name}.png (${page.url()})`);
  } catch {
    // the page may be gone
  }
}

export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

async function marks(page: Page, name: string): Promise<Record<string, number>> {
  await page.waitForFunction((n) => window.__benchMarks[n + 'Paint'] !== undefined, name);
  return page.evaluate(() => ({ ...window.__benchMarks }));
}

async function navigationTiming(page: Page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return nav ? { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd } : null;
  });
}

export interface ShippedBytes {
  jsGzip: number;
  cssGzip: number;
  totalGzip: number;
  jsRaw: number;
  cssRaw: number;
  htmlGzip: number;
  files: { file: string; raw: number; gzip: number }[];
}

/**
 * Where a start's time went, ms since navigation start: the HTML received, the last JS module
 * received before SvelteKit rendered anything, SvelteKit's first render (router started, layout
 * and page modules run), the first card (or deck list) in the DOM, and painted.
 */
export interface StartPhases {
  html: number | null;
  lastModule: number | null;
  modules: number;
  mounted: number | null;
  dom: number;
  paint: number;
}

export interface ColdStartRun {
  cardPaint: number;
  cardDom: number;
  wallMs: number;
  responseEnd: number | null;
  domContentLoaded: number | null;
  heapMB: number;
  phases: StartPhases;
  bytes?: ShippedBytes;
}

/** The phases of a start whose marks `dom` and `paint` were just read (see StartPhases). */
async function startPhases(page: Page, marks: Record<string, number>, name: string): Promise<StartPhases> {
  const mounted = marks.mounted ?? null;
  const seen = await page.evaluate((until) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const modules = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (e) => e.startTime <= until && /\.m?js$/.test(new URL(e.name).pathname)
    );
    return { html: nav ? nav.responseEnd : null, lastModule: modules.length ? Math.max(...modules.map((e) => e.responseEnd)) : null, modules: modules.length };
  }, mounted ?? marks[name]);
  return { ...seen, mounted, dom: marks[name], paint: marks[name + 'Paint'] };
}

/** Medians of each phase over runs. */
export function medianPhases(phases: StartPhases[]): Record<keyof StartPhases, number> {
  const keys = ['html', 'lastModule', 'modules', 'mounted', 'dom', 'paint'] as const;
  return Object.fromEntries(keys.map((k) => [k, round(median(phases.map((p) => p[k] ?? NaN)))])) as Record<keyof StartPhases, number>;
}

/**
 * Cold start: a new page (fresh JS heap), navigation to /study/<deck> (or `url`: the floor's own
 * server), until article.card is in the DOM and the next frame ran. With `collectBytes`, every
 * JS/CSS response fetched before that frame is gzipped (zlib default level) and summed.
 */
export async function coldStart(ctx: BrowserContext, env: Env, deckId: string, collectBytes: boolean, url = `/study/${deckId}`): Promise<ColdStartRun> {
  const { page, cdp } = await openPage(ctx, env);
  try {
    const bodies = new Map<string, Promise<Buffer | null>>();
    let html: Promise<Buffer | null> | null = null;
    if (collectBytes)
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (/\.(m?js|css)$/.test(path))
          bodies.set(
            r.url(),
            r.body().catch(() => null)
          );
        else if (r.request().resourceType() === 'document') html = r.body().catch(() => null);
      });
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('article.card').waitFor();
    const wallMs = Date.now() - t0;
    const m = await marks(page, 'card');
    const nav = await navigationTiming(page);
    const phases = await startPhases(page, m, 'card');
    let bytes: ShippedBytes | undefined;
    if (collectBytes) {
      const before = new Set(
        await page.evaluate(
          (limit) =>
            performance
              .getEntriesByType('resource')
              .filter((e) => e.startTime <= limit)
              .map((e) => e.name),
          m.cardPaint
        )
      );
      const files: ShippedBytes['files'] = [];
      let jsGzip = 0,
        cssGzip = 0,
        jsRaw = 0,
        cssRaw = 0;
      for (const [url, body] of bodies) {
        const buf = await body;
        if (!buf || !before.has(url)) continue;
        const gz = gzipSync(buf).length;
        files.push({ file: new URL(url).pathname, raw: buf.length, gzip: gz });
        if (url.endsWith('.css')) {
          cssGzip += gz;
          cssRaw += buf.length;
        } else {
          jsGzip += gz;
          jsRaw += buf.length;
        }
      }
      const htmlBuf = html ? await html : null;
      files.sort((a, b) => b.gzip - a.gzip);
      bytes = { jsGzip, cssGzip, totalGzip: jsGzip + cssGzip, jsRaw, cssRaw, htmlGzip: htmlBuf ? gzipSync(htmlBuf).length : 0, files };
    }
    await page.waitForTimeout(300);
    const heap = await heapAfterGc(cdp);
    return {
      cardPaint: m.cardPaint,
      cardDom: m.card,
      wallMs,
      responseEnd: nav?.responseEnd ?? null,
      domContentLoaded: nav?.domContentLoaded ?? null,
      heapMB: heap / MB,
      phases,
      bytes
    };
  } catch (error) {
    await failShot(page, env, 'cold-start');
    throw error;
  } finally {
    await page.close();
  }
}

export interface DeckListRun {
  decksPaint: number;
  decksDom: number;
  wallMs: number;
  rows: number;
  phases: StartPhases;
}

/** Deck list: navigation to / (or `url`: the floor) until the list with every deck's counts is in the DOM, plus one frame. */
export async function deckListNav(ctx: BrowserContext, env: Env, url = '/'): Promise<DeckListRun> {
  const { page } = await openPage(ctx, env);
  try {
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('ul.decks').waitFor();
    const wallMs = Date.now() - t0;
    const m = await marks(page, 'decks');
    const rows = await page.locator('ul.decks a.deck .counts').count();
    return { decksPaint: m.decksPaint, decksDom: m.decks, wallMs, rows, phases: await startPhases(page, m, 'decks') };
  } catch (error) {
    await failShot(page, env, 'deck-list');
    throw error;
  } finally {
    await page.close();
  }
}

/** Seeded grade mix for the answers: 15% Again, 10% Hard, 65% Good, 10% Easy. */
export function gradeKeys(count: number, seed: number): string[] {
  let a = seed >>> 0;
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    keys.push(r < 0.15 ? '1' : r < 0.25 ? '2' : r < 0.9 ? '3' : '4');
  }
  return keys;
}

export interface LatencySummary {
  answered: number;
  reachedDone: boolean;
  p50: number;
  p95: number;
  max: number;
  domP50: number;
  domP95: number;
  settledP50: number;
  settledP95: number;
}

export function summarize(samples: AnswerSample[], reachedDone: boolean): LatencySummary {
  const ok = samples.filter((s) => !s.done);
  const lat = ok.map((s) => s.latency);
  return {
    answered: samples.length,
    reachedDone,
    p50: round(percentile(lat, 0.5)),
    p95: round(percentile(lat, 0.95)),
    max: round(Math.max(...lat)),
    domP50: round(
      percentile(
        ok.map((s) => s.dom),
        0.5
      )
    ),
    domP95: round(
      percentile(
        ok.map((s) => s.dom),
        0.95
      )
    ),
    settledP50: round(
      percentile(
        ok.map((s) => s.settled),
        0.5
      )
    ),
    settledP95: round(
      percentile(
        ok.map((s) => s.settled),
        0.95
      )
    )
  };
}

/**
 * Answer latency with real key presses (CDP input): Space reveals, the grade key answers; the
 * probe times grade key -> next question painted. `count` answers on one study page.
 */
/** `gapMs`: a pause before each answer, as a person reading the card takes (the sync rows: the sync engine works between answers). */
export async function answerLatency(ctx: BrowserContext, env: Env, deckId: string, count: number, seed: number, gapMs = 0) {
  const { page, cdp } = await openPage(ctx, env);
  try {
    await page.goto(`/study/${deckId}`);
    await page.locator('article.card').waitFor();
    const keys = gradeKeys(count, seed);
    let reachedDone = false;
    for (let i = 0; i < count; i++) {
      if (gapMs) await page.waitForTimeout(gapMs);
      // One round trip: wait until the previous answer settled, reveal (not timed), wait for the grades.
      const state = await page.evaluate(() => window.__benchReveal(15_000));
      if (state === 'done') {
        reachedDone = true;
        break;
      }
      await page.keyboard.press(keys[i]);
    }
    await page.waitForFunction(() => !window.__benchAnswer.pending);
    const samples = await page.evaluate(() => window.__benchAnswer.results);
    // Next cards painted before their answer committed that the answer's read then replaced (study-session.svelte.ts).
    const replacedGuesses = await page.evaluate(() => performance.getEntriesByName('study:guess-replaced').length);
    const heapMB = (await heapAfterGc(cdp)) / MB;
    // Every sample in order (diagnosis: a cost every n-th answer shows as a period).
    return { ...summarize(samples, reachedDone), replacedGuesses, heapMB: round(heapMB, 2), latencies: samples.map((s) => round(s.latency)) };
  } catch (error) {
    await failShot(page, env, 'answers');
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * Memory over `total` answers (in-page synthetic keys, so the driver's round trips do not
 * dominate): heap after GC at answer `first` and at answer `total`, and latency per 100 answers.
 */
export async function memoryRun(ctx: BrowserContext, env: Env, deckId: string, first: number, total: number, seed: number, throttle: number) {
  const { page, cdp } = await openPage(ctx, env, { throttle });
  try {
    await page.goto(`/study/${deckId}`);
    await page.locator('article.card').waitFor();
    const t0 = Date.now();
    // Heap after GC every 100 answers; the probe's samples are moved out of the page each time
    // so the page keeps no growing state of the benchmark's own.
    const heap: { answers: number; MB: number }[] = [];
    const samples: AnswerSample[] = [];
    let answered = 0;
    let reachedDone = false;
    const checkpoints = new Set([first, total]);
    for (let at = 100; at < total; at += 100) checkpoints.add(at);
    for (const target of [...checkpoints].sort((x, y) => x - y)) {
      if (target <= answered) continue;
      const r = await page.evaluate(([n, s]) => window.__benchDrive(n, s), [target - answered, seed + target]);
      answered += r.answered;
      samples.push(...(await page.evaluate(() => window.__benchAnswer.results.splice(0))));
      heap.push({ answers: answered, MB: round((await heapAfterGc(cdp)) / MB, 3) });
      if (r.done) {
        reachedDone = true;
        break;
      }
    }
    const buckets: { from: number; p50: number; p95: number }[] = [];
    for (let i = 0; i < samples.length; i += 100) {
      const lat = samples
        .slice(i, i + 100)
        .filter((s) => !s.done)
        .map((s) => s.latency);
      buckets.push({ from: i + 1, p50: round(percentile(lat, 0.5)), p95: round(percentile(lat, 0.95)) });
    }
    const heapFirst = (heap.find((h) => h.answers === first) ?? heap[0]).MB * MB;
    const heapLast = heap[heap.length - 1].MB * MB;
    return {
      answered,
      reachedDone,
      heapSeries: heap,
      heapAtFirstMB: round(heapFirst / MB, 2),
      heapAtLastMB: round(heapLast / MB, 2),
      growthPct: round(((heapLast - heapFirst) / heapFirst) * 100, 1),
      seconds: round((Date.now() - t0) / 1000),
      latencyBy100: buckets
    };
  } catch (error) {
    await failShot(page, env, 'memory');
    throw error;
  } finally {
    await page.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time per function (ms) from a CDP CPU profile, top `limit`. */
export function topSelfTime(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, limit = 12) {
  const byNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) byNode.set(samples[i], (byNode.get(samples[i]) ?? 0) + (deltas[i] ?? 0) / 1000);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id);
    if (!ms) continue;
    const f = node.callFrame;
    const where = f.url ? `${basename(new URL(f.url, 'http://x/').pathname)}:${f.lineNumber + 1}` : '';
    const name = `${f.functionName || '(anonymous)'}${where ? ' ' + where : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + ms);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, ms]) => ({ fn, ms: round(ms) }));
}

/**
 * Main-thread time of a CPU profile by where it was spent: self time per script file (the
 * framework's chunks and the app's), and V8's own buckets: (program) is the browser's work
 * outside JavaScript (HTML parse, style, layout, paint, module fetch and compile bookkeeping),
 * (garbage collector), (idle) waiting (for the network, IndexedDB, a timer). Totals in ms.
 */
export function selfTimeByFile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, limit = 16) {
  const byNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) byNode.set(samples[i], (byNode.get(samples[i]) ?? 0) + (deltas[i] ?? 0) / 1000);
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id);
    if (!ms) continue;
    const { url, functionName } = node.callFrame;
    const file = url
      ? new URL(url, 'http://x/').pathname.replace(/^.*\/_app\/immutable\//, '')
      : functionName.startsWith('(')
        ? functionName
        : '(inline and native)';
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const sorted = [...byFile.entries()].sort((a, b) => b[1] - a[1]);
  const scripts = sorted.filter(([f]) => !f.startsWith('('));
  return {
    scriptsMs: round(scripts.reduce((n, [, ms]) => n + ms, 0)),
    programMs: round(byFile.get('(program)') ?? 0),
    gcMs: round(byFile.get('(garbage collector)') ?? 0),
    idleMs: round(byFile.get('(idle)') ?? 0),
    files: sorted.slice(0, limit).map(([file, ms]) => ({ file, ms: round(ms) }))
  };
}

/**
 * Diagnosis of a start of `url` (the app's study route or the floor's): a CPU profile from the
 * navigation until `selector` is painted, as top functions and self time per file, with the phases.
 */
export async function startProfile(ctx: BrowserContext, env: Env, url: string, selector: string, mark: string) {
  const { page, cdp } = await openPage(ctx, env);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(selector).waitFor();
    const m = await marks(page, mark);
    const { profile } = await cdp.send('Profiler.stop');
    return { phases: await startPhases(page, m, mark), top: topSelfTime(profile as never), byFile: selfTimeByFile(profile as never) };
  } catch (error) {
    await failShot(page, env, 'start-profile');
    throw error;
  } finally {
    await page.close();
  }
}

function summarizeTrace(trace: TraceEntry[]) {
  const entries = trace.map((e) => ({ at: round(e.t0), op: e.op, on: e.on, range: e.range.slice(0, 90), rows: e.rows, ms: round(e.t1 - e.t0, 2) }));
  const bySource = new Map<string, { requests: number; rows: number }>();
  for (const e of trace) {
    const k = `${e.op} ${e.on}`;
    const s = bySource.get(k) ?? { requests: 0, rows: 0 };
    s.requests++;
    s.rows += e.op === 'count' ? 0 : e.rows;
    bySource.set(k, s);
  }
  const firstAt = trace.length ? round(Math.min(...trace.map((e) => e.t0))) : null;
  const lastEndAt = trace.length ? round(Math.max(...trace.map((e) => e.t1))) : null;
  return {
    requests: trace.length,
    firstAt,
    lastEndAt,
    rowsDelivered: trace.reduce((n, e) => n + (e.op === 'count' ? 0 : e.rows), 0),
    bySource: Object.fromEntries(bySource),
    entries
  };
}

/**
 * Diagnosis pass (not a figure): a CPU profile of a cold start and of 30 answers, and every
 * IndexedDB request the app makes during start-up and during one answer.
 */
export async function profilePass(ctx: BrowserContext, env: Env, deckId: string, seed: number) {
  const { page, cdp } = await openPage(ctx, env, { trace: true });
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await page.goto(`/study/${deckId}`, { waitUntil: 'commit' });
    await page.locator('article.card').waitFor();
    const m = await marks(page, 'card');
    const start = await cdp.send('Profiler.stop');
    const startTrace = summarizeTrace(await page.evaluate(() => window.__benchTrace ?? []));
    // Network timeline of the start (what was fetched when, ms since navigation start).
    const timeline = await page.evaluate((limit) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.startTime <= limit)
        .map((e) => ({ name: new URL(e.name).pathname, start: Math.round(e.startTime), end: Math.round(e.responseEnd) }));
      return { domContentLoaded: nav ? Math.round(nav.domContentLoadedEventEnd) : null, resources };
    }, m.cardPaint);
    await page.evaluate(() => (window.__benchTrace!.length = 0));
    // One answer with a real key press, traced.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !!document.querySelector<HTMLButtonElement>('.grades .grade:not([disabled])'));
    await page.evaluate(() => (window.__benchTrace!.length = 0));
    await page.keyboard.press('3');
    await page.waitForFunction(() => window.__benchAnswer.results.length > 0);
    const answerSample = await page.evaluate(() => window.__benchAnswer.results[0]);
    const answerTrace = summarizeTrace(await page.evaluate(() => window.__benchTrace ?? []));
    await cdp.send('Profiler.start');
    const drive = await page.evaluate(([s]) => window.__benchDrive(30, s), [seed]);
    const answers = await cdp.send('Profiler.stop');
    return {
      coldStartMs: round(m.cardPaint),
      coldStartTop: topSelfTime(start.profile as never),
      coldStartByFile: selfTimeByFile(start.profile as never),
      startTimeline: timeline,
      startQueries: startTrace,
      oneAnswer: { latency: round(answerSample.latency), settled: round(answerSample.settled), queries: answerTrace },
      answersProfiled: drive.answered,
      answersTop: topSelfTime(answers.profile as never)
    };
  } catch (error) {
    await failShot(page, env, 'profile');
    throw error;
  } finally {
    await page.close();
  }
}

/** Diagnosis of the deck list: CPU profile and IndexedDB requests from navigation to counts shown. */
export async function deckListProfile(ctx: BrowserContext, env: Env) {
  const { page, cdp } = await openPage(ctx, env, { trace: true });
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await page.goto('/', { waitUntil: 'commit' });
    await page.locator('ul.decks').waitFor();
    const m = await marks(page, 'decks');
    const { profile } = await cdp.send('Profiler.stop');
    const trace = summarizeTrace(await page.evaluate(() => window.__benchTrace ?? []));
    return { decksPaintMs: round(m.decksPaint), top: topSelfTime(profile as never), queries: trace };
  } catch (error) {
    await failShot(page, env, 'deck-list-profile');
    throw error;
  } finally {
    await page.close();
  }
}

export { median };
