/**
 * Diagnosis, not part of the benchmark run: populates a collection, then records a CPU profile
 * and the long tasks of one "Back up now" (full) and one after 20 answers (incremental).
 * `npx tsx scripts/bench/auto-backup-profile.ts <cards> <port> [cpu throttling]` with the build served on <port>
 * and the harness bundled (bench-results/.harness/harness.js, made by a bench run).
 */
import { chromium, devices } from '@playwright/test';
import { join } from 'node:path';
import { topSelfTime } from './measure';

const [cards = '10000', port = '4185', throttle = '1'] = process.argv.slice(2);
const root = join(import.meta.dirname, '../..');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({
  ...devices['Pixel 5'],
  viewport: { width: 390, height: 844 },
  baseURL: `http://127.0.0.1:${port}`,
  serviceWorkers: 'block',
  bypassCSP: true // the harness is an inline script, which the app's policy refuses
});
const page = await ctx.newPage();
page.setDefaultTimeout(600_000);
await page.goto('/');
await page.locator('ul.decks').waitFor();
await page.addScriptTag({ path: join(root, 'bench-results/.harness/harness.js') });
const pop = await page.evaluate((n) => (window as any).__bench.populate({ cards: n, seed: 42, now: Date.now() }), Number(cards));
console.log('populated', pop);
const cdp = await ctx.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(throttle) });
for (const pass of ['full', 'incremental']) {
  if (pass === 'incremental') {
    await page.goto('/study/bench-1');
    await page.locator('article.card').waitFor();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      await page.waitForTimeout(50);
    }
  }
  await page.goto('/backup');
  await page.locator('[data-testid=backup-now]').waitFor();
  await page.evaluate(() => {
    const w = window as any;
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({
      type: 'longtask'
    });
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.locator('[data-testid=backup-now]').click();
  await page.locator('[data-testid=auto-backup-done], [role=alert]').first().waitFor();
  const ms = Date.now() - t0;
  const { profile } = await cdp.send('Profiler.stop');
  console.log(pass, ms, 'ms', await page.locator('[data-testid=auto-backup-done], [role=alert]').first().textContent());
  console.log('long tasks [start, ms]:', JSON.stringify(await page.evaluate(() => (window as any).__long)));
  console.log(topSelfTime(profile as any, 25));
  console.log('busy stretches >= 40 ms (no idle sample), with the stacks that filled them:');
  for (const b of busyStretches(profile as any, 40)) console.log(JSON.stringify(b, null, 1));
}
await browser.close();

/** Runs of consecutive non-idle samples of at least `minMs`, each with its heaviest stacks. */
function busyStretches(
  profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  },
  minMs: number
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'}${f.url ? '@' + f.url.split('/').pop() + ':' + (f.lineNumber + 1) : ''}`;
  };
  const stack = (id: number) => {
    const out: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined && out.length < 6; cur = parent.get(cur)) out.push(label(cur));
    return out.join(' < ');
  };
  const out: { atMs: number; ms: number; top: string[] }[] = [];
  let start = -1;
  let ms = 0;
  let t = 0;
  const stacks = new Map<string, number>();
  const flush = (at: number) => {
    if (ms >= minMs)
      out.push({
        atMs: Math.round(at),
        ms: Math.round(ms),
        top: [...stacks.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([k, v]) => `${Math.round(v)} ms ${k}`)
      });
    ms = 0;
    stacks.clear();
    start = -1;
  };
  profile.samples.forEach((id, i) => {
    const d = (profile.timeDeltas[i] ?? 0) / 1000;
    t += d;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') return flush(t);
    if (start < 0) start = t;
    ms += d;
    const k = stack(id);
    stacks.set(k, (stacks.get(k) ?? 0) + d);
  });
  flush(t);
  return out;
}
