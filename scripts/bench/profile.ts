/**
 * Browser profiles as users have them: a persistent profile in a temporary directory, so
 * IndexedDB lives on disk (an installed app's database always does; an incognito context,
 * `browser.newContext()`, keeps it in memory, where counts and writes are several times
 * faster). `--storage memory` keeps the old in-memory contexts as a reference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, devices, type Browser, type BrowserContext } from '@playwright/test';

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

export type Storage = 'disk' | 'memory';

export interface ProfileOptions {
  baseURL: string;
  /** Blocked for the study-path figures (no precache traffic during the start being measured); allowed for a first visit. */
  serviceWorkers: 'allow' | 'block';
  /** Needed where the harness is injected as an inline script, which the app's CSP refuses. */
  bypassCSP: boolean;
}

const phone = () => {
  // The e2e "phone" project: Pixel 5 at 390x844.
  const { defaultBrowserType: _browser, ...pixel } = devices['Pixel 5'];
  return { ...pixel, viewport: { width: 390, height: 844 } };
};

const dirs = new Map<BrowserContext, string>();
/** Profiles Chromium was still writing to when their context closed: removed again on exit. */
const leftovers = new Set<string>();

/** A fresh profile: on disk (its own browser process and temporary user-data-dir), or an in-memory context of `browser`. */
export async function newProfile(storage: Storage, browser: Browser | null, executablePath: string | undefined, opts: ProfileOptions): Promise<BrowserContext> {
  if (storage === 'memory') {
    if (!browser) throw new Error('an in-memory context needs a launched browser');
    return browser.newContext({ ...phone(), ...opts });
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath, args: LAUNCH_ARGS, ...phone(), ...opts });
  dirs.set(ctx, dir);
  // Closing the context ends its browser; the profile directory goes with it.
  ctx.on('close', () => {
    dirs.delete(ctx);
    if (!remove(dir)) leftovers.add(dir);
  });
  return ctx;
}

/** Removes the profile directories of contexts never closed or not removable at close (on exit). */
export function removeProfiles(): void {
  for (const dir of [...dirs.values(), ...leftovers]) if (!remove(dir)) console.error(`could not remove the profile ${dir}`);
  dirs.clear();
  leftovers.clear();
}

/** Chromium may still be writing its cache as it exits: retry a little; false when it would not go. */
function remove(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    return true;
  } catch {
    return false;
  }
}
