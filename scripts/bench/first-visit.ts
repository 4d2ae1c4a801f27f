/**
 * A candidate's first visit: a fresh profile (nothing cached, no database, no service worker)
 * on a slow phone network (CDP Network.emulateNetworkConditions: 150 ms round trip, 1.6 Mbit/s
 * down, 750 kbit/s up, "slow 4G" as Lighthouse's mobile preset) and 4x CPU throttling, opening
 * a route until its first screen is painted. Each run gets its own profile.
 *
 * The emulation throttles the page's own requests; the service worker's (its precache) are not
 * throttled, so a build that registers its worker before the first screen is measured kindly.
 */
import type { BrowserContext } from '@playwright/test';
import { failShot, openPage, type Env } from './measure';
import { median, round } from './stats';

export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

export interface FirstVisitRun {
  /** ms from navigation start to the frame after the first screen was in the DOM. */
  paint: number;
  /**
   * The study route: ms to the frame after the card could be graded without waiting (a first
   * card painted from the deck file is busy until the database has confirmed it).
   */
  ready?: number;
  /** Bytes over the network before that frame (encoded: what the connection carried), and requests. */
  transferKB: number;
  requests: number;
  /** Built-in deck files (decks/*.json other than the manifest) fetched before that frame. */
  deckFiles: number;
  /** Every request before that frame: path, start and end (ms since navigation start), bytes carried. */
  timeline?: { path: string; start: number; end: number; bytes: number }[];
}

export interface FirstVisit {
  route: string;
  median: number;
  /** Median of the runs' `ready` (the study route). */
  readyMedian?: number;
  transferKB: number;
  deckFiles: number;
  runs: FirstVisitRun[];
}

/** `runs` first visits of `route`, each in a profile from `fresh()`, until `selector` is painted (probe mark `mark`). */
export async function firstVisit(
  fresh: () => Promise<BrowserContext>,
  env: Env,
  route: string,
  selector: string,
  mark: string,
  runs: number,
  readyMark?: string
): Promise<FirstVisit> {
  const results: FirstVisitRun[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await fresh();
    try {
      const { page, cdp } = await openPage(ctx, env);
      try {
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
        await page.goto(route, { waitUntil: 'commit' });
        await page.locator(selector).first().waitFor();
        await page.waitForFunction((m) => window.__benchMarks[m] !== undefined, mark);
        const r = await page.evaluate((m) => {
          const paint = window.__benchMarks[m];
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.responseEnd <= paint);
          const bytes = (nav?.transferSize ?? 0) + resources.reduce((n, e) => n + e.transferSize, 0);
          const deckFiles = resources.filter((e) => /\/decks\/(?!manifest\.json)[^/]+\.json$/.test(new URL(e.name).pathname)).length;
          const timeline = resources.map((e) => ({
            path: new URL(e.name).pathname,
            start: Math.round(e.startTime),
            end: Math.round(e.responseEnd),
            bytes: e.transferSize
          }));
          return { paint, bytes, requests: resources.length + 1, deckFiles, timeline, responseEnd: Math.round(nav?.responseEnd ?? 0) };
        }, mark);
        if (readyMark) await page.waitForFunction((m) => window.__benchMarks[m] !== undefined, readyMark);
        const ready = readyMark ? await page.evaluate((m) => window.__benchMarks[m], readyMark) : undefined;
        results.push({
          paint: r.paint,
          ...(ready !== undefined ? { ready: round(ready) } : {}),
          transferKB: round(r.bytes / 1000, 1),
          requests: r.requests,
          deckFiles: r.deckFiles,
          timeline: [{ path: '(document)', start: 0, end: r.responseEnd, bytes: 0 }, ...r.timeline]
        });
      } catch (error) {
        await failShot(page, env, `first-visit${route.replace(/\W+/g, '-')}`);
        throw error;
      } finally {
        await page.close();
      }
    } finally {
      await ctx.close();
    }
  }
  return {
    route,
    median: median(results.map((r) => r.paint)),
    ...(readyMark ? { readyMedian: median(results.map((r) => r.ready!)) } : {}),
    transferKB: median(results.map((r) => r.transferKB)),
    deckFiles: median(results.map((r) => r.deckFiles)),
    runs: results.map((r) => ({ ...r, paint: round(r.paint) }))
  };
}
