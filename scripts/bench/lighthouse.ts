/**
 * Lighthouse's mobile performance audit of a first visit (`npm run bench -- --only lighthouse`,
 * optional: never part of a default run). Lighthouse is a large dependency, so it is not in
 * package.json: the step installs it on demand into ~/.cache/interview-flashcards-bench (lighthouse@12.2.3; 13.x
 * needs Node 22), as `npm run test:fsrs-reference` installs its binding. Chromium comes from
 * CHROME_PATH (default /usr/bin/chromium) through chrome-launcher, in a fresh profile per run.
 *
 * The default (mobile) configuration: a Moto G Power screen, simulated slow 4G (150 ms round
 * trip, 1.6 Mbit/s) and 4x CPU slowdown applied to the trace of an unthrottled load (Lantern), the
 * storage and service worker of the origin cleared first: a first visit.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireFromCache } from '../cache-install';
import { median, round } from './stats';

export const LIGHTHOUSE_VERSION = '12.2.3';

export interface LighthouseRun {
  performance: number;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  speedIndexMs: number;
  cls: number;
}

export interface LighthouseRoute {
  route: string;
  /** Median of the runs (each figure on its own). */
  performance: number;
  lcpMs: number;
  tbtMs: number;
  fcpMs: number;
  runs: LighthouseRun[];
  /** Lighthouse's report of the run closest to the median score (JSON, for its diagnostics). */
  report: string;
}

type Lighthouse = (url: string, flags: Record<string, unknown>) => Promise<{ lhr: any } | undefined>;
type ChromeLauncher = { launch(opts: Record<string, unknown>): Promise<{ port: number; kill(): Promise<void> | void }> };

/** Lighthouse and chrome-launcher from Lighthouse's own folder in the user's cache (scripts/cache-install.ts). */
async function loadLighthouse(log: (line: string) => void): Promise<{ lighthouse: Lighthouse; launcher: ChromeLauncher }> {
  const require = requireFromCache('lighthouse', LIGHTHOUSE_VERSION, log);
  const url = (name: string) => new URL(`file://${require.resolve(name)}`).href;
  const lighthouse = (await import(url('lighthouse'))).default as Lighthouse;
  const launcher = (await import(url('chrome-launcher'))) as ChromeLauncher;
  return { lighthouse, launcher };
}

/** `runs` Lighthouse mobile audits (performance only) of each route, each in a fresh Chromium profile. */
export async function measureLighthouse(
  baseURL: string,
  routes: string[],
  runs: number,
  outDir: string,
  log: (line: string) => void
): Promise<Record<string, LighthouseRoute>> {
  const { lighthouse, launcher } = await loadLighthouse(log);
  const chromePath = process.env.CHROME_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const results: Record<string, LighthouseRoute> = {};
  for (const route of routes) {
    const all: { run: LighthouseRun; lhr: any }[] = [];
    for (let i = 0; i < runs; i++) {
      const chrome = await launcher.launch({
        chromePath,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking']
      });
      try {
        const result = await lighthouse(`${baseURL}${route}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
        if (!result) throw new Error(`lighthouse returned nothing for ${route}`);
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`lighthouse ${route}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const audit = (id: string) => lhr.audits[id]?.numericValue as number;
        all.push({
          lhr,
          run: {
            performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
            lcpMs: round(audit('largest-contentful-paint'), 0),
            tbtMs: round(audit('total-blocking-time'), 0),
            fcpMs: round(audit('first-contentful-paint'), 0),
            speedIndexMs: round(audit('speed-index'), 0),
            cls: round(audit('cumulative-layout-shift'), 3)
          }
        });
        log(`lighthouse ${route} run ${i + 1}: performance ${all.at(-1)!.run.performance}, LCP ${all.at(-1)!.run.lcpMs} ms, TBT ${all.at(-1)!.run.tbtMs} ms`);
      } finally {
        await chrome.kill();
      }
    }
    const score = median(all.map((a) => a.run.performance));
    const closest = all.reduce((best, a) => (Math.abs(a.run.performance - score) < Math.abs(best.run.performance - score) ? a : best));
    const report = join(outDir, `lighthouse${route.replace(/\W+/g, '-').replace(/-$/, '')}.json`);
    writeFileSync(report, JSON.stringify(closest.lhr));
    results[route] = {
      route,
      performance: score,
      lcpMs: median(all.map((a) => a.run.lcpMs)),
      tbtMs: median(all.map((a) => a.run.tbtMs)),
      fcpMs: median(all.map((a) => a.run.fcpMs)),
      runs: all.map((a) => a.run),
      report
    };
  }
  return results;
}
