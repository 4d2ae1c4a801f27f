/**
 * Diagnosis only (not part of `npm run bench`): answer -> next question at 50k cards on disk, 4x,
 * on a kept profile (populated once), with a Chrome trace split per answer into script, style,
 * layout, paint, GC and idle (waiting) time.
 * `npx tsx scripts/bench/diag/answer-trace.ts [--profile DIR] [--answers N] [--build DIR] [--no-trace]`
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHarness } from '../build-harness';
import { STUDY_DECK } from '../generate';
import { openPage, summarize, gradeKeys, topSelfTime, type Env } from '../measure';
import { startServer } from '../server';
import { argv, log, openKeptProfile, option, root } from './kept-profile';
import { percentile, round } from '../stats';

const profileDir = option('--profile', '/tmp/diag-profile');
const answers = Number(option('--answers', '100'));
const buildDir = option('--build', join(root, 'build'));
const trace = !argv.includes('--no-trace');
const size = Number(option('--size', '50000'));

const harnessPath = await buildHarness(root, '/tmp/diag-harness');
const server = await startServer(root, buildDir, Number(option('--port', '4177'))); // one origin: the kept profile's database
const env: Env = { throttle: 4, failDir: '/tmp/diag-fail', harnessPath, probesPath: join(root, 'scripts/bench/probes.js'), timeoutMs: 120_000, log };
mkdirSync(profileDir, { recursive: true });
const ctx = await openKeptProfile(profileDir, server.url, { deviceScaleFactor: 2.75, isMobile: true, hasTouch: true });
try {
  if (!existsSync(join(profileDir, 'populated'))) {
    const { page } = await openPage(ctx, env, { throttle: 1 });
    await page.goto('/');
    await page.locator('ul.decks').waitFor();
    await page.addScriptTag({ path: harnessPath });
    for (let w = 0; !(await page.evaluate(() => window.__bench.searchIndexDone())) && w < 60_000; w += 500) await page.waitForTimeout(500);
    const pop = await page.evaluate((o) => window.__bench.populate(o), { cards: size, seed: 42, now: Date.now() });
    log(`populated ${pop.cards} cards, ${pop.logs} logs in ${round(pop.ms / 1000)} s`);
    await page.close();
    writeFileSync(join(profileDir, 'populated'), '');
  }
  {
    // A new build on this origin merges its decks once: done here, unmeasured.
    const { page } = await openPage(ctx, env, { throttle: 1 });
    await page.goto('/');
    await page.locator('ul.decks').waitFor();
    await page.waitForTimeout(4000);
    await page.close();
  }
  const { page, cdp } = await openPage(ctx, env);
  page.on('console', (m) => argv.includes('--console') && log(`console: ${m.text().slice(0, 300)}`));
  await page.goto(`/study/${STUDY_DECK}`);
  await page
    .locator('article.card')
    .waitFor({ timeout: 30_000 })
    .catch(async (e) => {
      log(await page.locator('body').innerText());
      throw e;
    });
  await page.waitForTimeout(3000);
  const events: any[] = [];
  if (trace) {
    cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,toplevel,disabled-by-default-v8.cpu_profiler',
      transferMode: 'ReportEvents'
    } as never);
  }
  // --cpu: a sampled CPU profile over the answers (no trace needed), its top self time per answer.
  const cpu = argv.includes('--cpu');
  if (cpu) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const keys = gradeKeys(answers, Date.now() % 1000);
  for (let i = 0; i < answers; i++) {
    const state = await page.evaluate(() => window.__benchReveal(15_000));
    if (state === 'done') break;
    await page.keyboard.press(keys[i]);
  }
  await page.waitForFunction(() => !window.__benchAnswer.pending);
  if (cpu) for (const t of topSelfTime((await cdp.send('Profiler.stop')).profile as never, 30)) log(`  ${round(t.ms / answers, 2)} ms/answer  ${t.fn}`);
  const samples = await page.evaluate(() => window.__benchAnswer.results);
  // Marks of an instrumented build (window.__t: [label, time]): each answer's steps, as deltas from its key.
  const marks: [string, number][] = await page.evaluate(() => (window as any).__t ?? []);
  if (marks.length) {
    const answersMarks: [string, number][][] = [];
    for (const m of marks) {
      if (m[0] === 'key') answersMarks.push([]);
      answersMarks.at(-1)?.push(m);
    }
    const deltas = new Map<string, number[]>();
    answersMarks.forEach((list, i) => {
      const firstByLabel = new Map<string, number>();
      for (const [l, t] of list) if (!firstByLabel.has(l)) firstByLabel.set(l, t);
      const order = [...firstByLabel];
      for (let j = 1; j < order.length; j++) {
        const k = `${order[j - 1][0]}->${order[j][0]}`;
        deltas.set(k, [...(deltas.get(k) ?? []), order[j][1] - order[j - 1][1]]);
      }
      const sample = samples[i];
      const key = firstByLabel.get('key');
      if (sample && key !== undefined) {
        const add = (k: string, v: number) => deltas.set(k, [...(deltas.get(k) ?? []), v]);
        add('event->key', key - sample.at);
        add('show->dom', sample.at + sample.dom - order.at(-1)![1]);
        add('dom->paint', sample.latency - sample.dom);
      }
    });
    for (const [k, v] of deltas)
      log(
        `${k.padEnd(24)} n ${String(v.length).padStart(3)}  p50 ${round(percentile(v, 0.5), 2)}  p95 ${round(percentile(v, 0.95), 2)}  max ${round(Math.max(...v), 1)}`
      );
  }
  const w: [number, number][] = await page.evaluate(() => (window as any).__w ?? []);
  if (w.length)
    for (const j of [0, 1])
      log(
        `worker ${j ? 'truncate' : 'write'}: p50 ${round(
          percentile(
            w.map((x) => x[j]),
            0.5
          ),
          2
        )} p95 ${round(
          percentile(
            w.map((x) => x[j]),
            0.95
          ),
          2
        )} max ${round(Math.max(...w.map((x) => x[j])), 1)}`
      );
  if (trace) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete' as never, r as never));
    await cdp.send('Tracing.end');
    await done;
  }
  const s = summarize(samples, false);
  log(`answers ${s.answered}: p50 ${s.p50} p95 ${s.p95} max ${s.max}; dom p50 ${s.domP50} p95 ${s.domP95}; settled p50 ${s.settledP50}`);
  log(`latencies ${samples.map((x) => round(x.latency)).join(' ')}`);
  if (trace) {
    // The renderer main thread: the one with the keydown dispatches.
    const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
    const tid = keydowns[0]?.tid;
    const pid = keydowns[0]?.pid;
    const main = events.filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X');
    const kinds: Record<string, string[]> = {
      style: ['UpdateLayoutTree', 'RecalculateStyles'],
      layout: ['Layout'],
      paint: ['Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'Commit', 'PaintImage'],
      gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase', 'V8.GCScavenger', 'V8.GCFinalizeMC', 'ThreadState::performIdleLazySweep'],
      parse: ['ParseHTML', 'HitTest']
    };
    const rows = keydowns.slice(0, samples.length).map((k, i) => {
      const t0 = k.ts;
      const t1 = k.ts + samples[i].latency * 1000;
      const inside = main.filter((e) => e.ts >= t0 && e.ts < t1);
      const sum = (names: string[]) => inside.filter((e) => names.includes(e.name)).reduce((n, e) => n + (e.dur ?? 0), 0) / 1000;
      const busy = inside.filter((e) => e.name === 'ThreadControllerImpl::RunTask').reduce((n, e) => n + (e.dur ?? 0), 0) / 1000;
      const r: Record<string, number> = { latency: samples[i].latency, busy };
      for (const [kind, names] of Object.entries(kinds)) r[kind] = sum(names);
      r.script = busy - r.style - r.layout - r.paint - r.gc;
      r.idle = samples[i].latency - busy;
      r.tasks = inside.filter((e) => e.name === 'ThreadControllerImpl::RunTask').length;
      r.layouts = inside.filter((e) => e.name === 'Layout').length;
      r.styles = inside.filter((e) => e.name === 'UpdateLayoutTree').length;
      return r;
    });
    const cols = Object.keys(rows[0] ?? {});
    const stat = (q: number) =>
      cols
        .map(
          (c) =>
            `${c} ${round(
              percentile(
                rows.map((r) => r[c]),
                q
              ),
              1
            )}`
        )
        .join(', ');
    log(`median: ${stat(0.5)}`);
    log(`p95:    ${stat(0.95)}`);
    const slow = [...rows].sort((a, b) => b.latency - a.latency).slice(0, 6);
    for (const r of slow) log(`slow: ${cols.map((c) => `${c} ${round(r[c], 1)}`).join(', ')}`);
    // Top event names by total self-ish duration inside answer windows (JS functions named where the trace has them).
    const byName = new Map<string, number>();
    keydowns.slice(0, samples.length).forEach((k, i) => {
      for (const e of main) if (e.ts >= k.ts && e.ts < k.ts + samples[i].latency * 1000) byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    });
    log(
      `by event (total ms over ${rows.length} answers): ${[...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 30)
        .map(([n, v]) => `${n} ${round(v)}`)
        .join(', ')}`
    );
    // CPU samples from the trace (v8.cpu_profiler), attributed to answer windows: self and inclusive time by function.
    const nodes = new Map<number, { name: string; parent?: number }>();
    const sampleTimes: { ts: number; node: number }[] = [];
    let clock = 0;
    for (const e of events) {
      if (e.tid !== tid && e.name === 'Profile') continue;
      if (e.name === 'Profile') clock = e.args.data.startTime;
      if (e.name !== 'ProfileChunk' || e.pid !== pid) continue;
      const cp = e.args.data.cpuProfile ?? {};
      for (const n of cp.nodes ?? [])
        nodes.set(n.id, {
          name: `${n.callFrame.functionName || '(anon)'} ${(n.callFrame.url || '').split('/').pop()}:${n.callFrame.lineNumber}`,
          parent: n.parent
        });
      const deltas: number[] = e.args.data.timeDeltas ?? [];
      (cp.samples ?? []).forEach((id: number, j: number) => {
        clock += deltas[j] ?? 0;
        sampleTimes.push({ ts: clock, node: id });
      });
    }
    const windows = keydowns.slice(0, samples.length).map((k, i) => [k.ts, k.ts + samples[i].latency * 1000]);
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    let inWindows = 0;
    for (let j = 0; j < sampleTimes.length; j++) {
      const { ts, node } = sampleTimes[j];
      if (!windows.some(([a, b]) => ts >= a && ts < b)) continue;
      const dt = (sampleTimes[j + 1]?.ts ?? ts) - ts;
      inWindows += dt;
      const n = nodes.get(node);
      if (!n) continue;
      self.set(n.name, (self.get(n.name) ?? 0) + dt / 1000);
      const seen = new Set<string>();
      for (let c: number | undefined = node; c !== undefined; c = nodes.get(c)?.parent) {
        const name = nodes.get(c)!.name;
        if (seen.has(name)) continue;
        seen.add(name);
        incl.set(name, (incl.get(name) ?? 0) + dt / 1000);
      }
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([n, v]) => `  ${round(v / rows.length, 2)} ms  ${n}`)
        .join('\n');
    log(`cpu samples in answer windows: ${round(inWindows / 1000 / rows.length, 1)} ms per answer`);
    log(`self per answer:\n${top(self, 35)}`);
    log(`inclusive per answer:\n${top(incl, 60)}`);
    writeFileSync('/tmp/diag-trace.json', JSON.stringify({ traceEvents: events }));
  }
  await page.close();
} finally {
  await ctx.close();
  server.stop();
}
