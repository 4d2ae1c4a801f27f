/**
 * Diagnosis only (not part of `npm run bench`): where a first visit's main thread goes after the
 * first card is painted (Lighthouse's total blocking time). A fresh persistent profile at 4x CPU
 * opens `--url` (default /study/networking) on a build made with source maps
 * (`npm run build:prof`),
 * records a CPU profile for `--ms` after navigation and the page's long tasks, and prints, per
 * long task, the app's own functions (source-mapped) that were on the stack longest.
 * `npx tsx scripts/bench/diag/first-visit-profile.ts [--build build-prof] [--url /study/networking] [--ms 8000]`
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { SourceMapConsumer } from 'source-map-js';
import { LAUNCH_ARGS } from '../profile';
import { freePort, startServer } from '../server';
import { log, option, root } from './kept-profile';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface Node {
  id: number;
  callFrame: Frame;
  parent?: number;
  children?: number[];
}

const buildDir = join(root, option('--build', 'build-prof'));
const url = option('--url', '/study/networking');
const windowMs = Number(option('--ms', '8000'));
const server = await startServer(root, buildDir, await freePort());
const dir = mkdtempSync(join(tmpdir(), 'fv-profile-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: LAUNCH_ARGS,
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  baseURL: server.url
});
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.addInitScript(() => {
    const tasks: { start: number; ms: number }[] = [];
    (globalThis as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.goto(url);
  await page.getByRole('button', { name: /show answer/i }).waitFor({ timeout: 60_000 });
  // The profile's clock is not the page's: a named busy wait at a known time lines them up.
  // (A string: tsx would wrap a named function in a helper the page does not have.)
  const firstCard: number = await page.evaluate(
    '(function __clockMarker() { const at = performance.now(); while (performance.now() - at < 5); return at; })()'
  );
  await page.waitForTimeout(Math.max(0, windowMs - (Date.now() - t0)));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] } };
  const tasks = (await page.evaluate(() => (globalThis as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks)).sort(
    (a, b) => a.start - b.start
  );
  log(`first card at ${Math.round(firstCard)} ms; ${tasks.length} long tasks, ${Math.round(tasks.reduce((n, t) => n + Math.max(0, t.ms - 50), 0))} ms over 50`);

  const maps = new Map<string, SourceMapConsumer | null>();
  const consumer = (scriptUrl: string) => {
    if (!maps.has(scriptUrl)) {
      const path = new URL(scriptUrl).pathname;
      try {
        maps.set(scriptUrl, new SourceMapConsumer(JSON.parse(readFileSync(join(buildDir, path + '.map'), 'utf8'))));
      } catch {
        maps.set(scriptUrl, null);
      }
    }
    return maps.get(scriptUrl);
  };
  const named = new Map<number, string>();
  const nameOf = (f: Frame): string => {
    if (!f.url) return f.functionName || '(native)';
    const map = consumer(f.url);
    if (!map) return `${f.functionName || '(anon)'} ${new URL(f.url).pathname.split('/').pop()}`;
    const p = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    const source = (p.source ?? '?').replace(/^.*?(src\/|node_modules\/)/, '$1');
    return `${p.name ?? f.functionName ?? '(anon)'} ${source}:${p.line}`;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
  const label = (id: number) => {
    if (!named.has(id)) named.set(id, nameOf(byId.get(id)!.callFrame));
    return named.get(id)!;
  };
  // Sample times in the page's clock (ms since navigation).
  let at = profile.startTime;
  const raw = profile.samples.map((id, i) => ({ id, us: (at += profile.timeDeltas[i]) }));
  const markerIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '__clockMarker').map((n) => n.id));
  const markerRuns = raw.filter((s, i) => markerIds.has(s.id) && !markerIds.has(raw[i - 1]?.id));
  const marker = markerRuns[markerRuns.length - 1];
  if (!marker) throw new Error(`the clock marker was not sampled: ${[...new Set(profile.nodes.map((n) => n.callFrame.functionName))].slice(0, 60).join(',')}`);
  const samples = raw.map((s) => ({ id: s.id, t: firstCard + (s.us - marker.us) / 1000 }));
  for (const task of tasks) {
    const inclusive = new Map<string, number>();
    const self = new Map<string, number>();
    let prev = task.start;
    for (const s of samples.filter((s) => s.t >= task.start && s.t <= task.start + task.ms)) {
      const ms = s.t - prev;
      prev = s.t;
      self.set(label(s.id), (self.get(label(s.id)) ?? 0) + ms);
      const seen = new Set<string>();
      for (let id: number | undefined = s.id; id !== undefined; id = byId.get(id)!.parent) {
        const name = label(id);
        if (!name.includes('src/') || seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `    ${Math.round(v)} ms ${k}`)
        .join('\n');
    console.log(`\n${Math.round(task.start)} ms: ${Math.round(task.ms)} ms\n  app frames on the stack:\n${top(inclusive, 10)}\n  self:\n${top(self, 6)}`);
  }
} finally {
  await ctx.close();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
