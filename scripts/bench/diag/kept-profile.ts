/**
 * What the diagnosis scripts share: their options, their log line, and the kept persistent
 * profile (populated once by answer-trace.ts) opened on one origin, so builds are compared on the
 * same database.
 */
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { LAUNCH_ARGS } from '../profile';

export const root = join(import.meta.dirname, '..', '..', '..');
export const argv = process.argv.slice(2);

/** The value after `name` on the command line, else `fallback`. */
export function option(name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
}

export const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

/** The kept profile at `baseURL`, its HTTP cache cleared; `device` adds to the phone-sized viewport. */
export async function openKeptProfile(
  profileDir: string,
  baseURL: string,
  device: Parameters<typeof chromium.launchPersistentContext>[1] = {}
): Promise<BrowserContext> {
  const ctx = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: LAUNCH_ARGS,
    viewport: { width: 390, height: 844 },
    ...device,
    baseURL,
    serviceWorkers: 'block',
    bypassCSP: true
  });
  // sirv sends no Cache-Control, so Chromium keeps the last build's pages heuristically: a
  // comparison of builds on this profile would run one build twice.
  await (await ctx.newCDPSession(ctx.pages()[0] ?? (await ctx.newPage()))).send('Network.clearBrowserCache');
  return ctx;
}
