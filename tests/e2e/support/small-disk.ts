import { execFileSync } from 'node:child_process';
import { chromium, test as base, type BrowserContext, type BrowserContextOptions, type LaunchOptions } from '@playwright/test';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small real filesystem (tmpfs) for a browser profile, so a test can fill the disk under
 * Chromium's IndexedDB (CDP quota overrides are not enforced: STACK.md). Needs root, as in CI.
 */
export interface SmallDisk {
  dir: string;
  /** A directory on the big disk, removed with the mount (for caches that should not compete). */
  offDisk: string;
  /** Bytes free now. */
  free(): number;
  /** Fills the disk: big writes down to `leave` bytes, then small ones until nothing fits. */
  fill(leave?: number): void;
  /** Fills the disk until about `leave` bytes are free (no more), like another app taking space. */
  fillLeaving(leave: number): void;
  /** Deletes the filler: the space is back. */
  release(): void;
  /**
   * Resolves once the IndexedDB files of the profile at `profile/` have not changed for `quietMs`:
   * LevelDB flushes and compacts in the background after a bulk write, and a disk filled under
   * that write costs the collection (docs/STORAGE.md, "What remains"), so a test fills after it.
   */
  quiet(quietMs?: number, timeoutMs?: number): Promise<void>;
  /**
   * Launches Chromium with its profile on this disk (`profile/`), at phone size unless `options` say
   * otherwise. Its HTTP cache lives off the disk: the cache's evictions would free pages at random moments.
   */
  launch(launchOptions: LaunchOptions | undefined, options?: BrowserContextOptions): Promise<BrowserContext>;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeMb`; returns why not when it cannot (not root, no mount). */
export function mountSmallDisk(sizeMb = 48): SmallDisk | string {
  if (process.platform !== 'linux') return 'a tmpfs profile needs Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  const dir = mkdtempSync(join(tmpdir(), 'small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const offDisk = mkdtempSync(join(tmpdir(), 'small-disk-off-'));
  const filler = join(dir, 'filler');
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    offDisk,
    free,
    fill(leave = 2 << 20) {
      const fd = openSync(filler, 'a');
      try {
        const big = Buffer.alloc(1 << 20, 1);
        while (free() - big.length > leave) writeSync(fd, big);
        const small = Buffer.alloc(4096, 1);
        for (;;) writeSync(fd, small); // until ENOSPC
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        closeSync(fd);
      }
    },
    fillLeaving(leave: number) {
      const fd = openSync(filler, 'a');
      try {
        const small = Buffer.alloc(64 << 10, 1);
        while (free() - small.length > leave) writeSync(fd, free() - (1 << 20) > leave ? Buffer.alloc(1 << 20, 1) : small);
      } finally {
        closeSync(fd);
      }
    },
    release() {
      rmSync(filler, { force: true });
    },
    launch(launchOptions, options = {}) {
      const args = [...(launchOptions?.args ?? []), `--disk-cache-dir=${offDisk}`];
      return chromium.launchPersistentContext(join(dir, 'profile'), { ...launchOptions, args, viewport: { width: 390, height: 844 }, ...options });
    },
    async quiet(quietMs = 2_000, timeoutMs = 60_000) {
      const root = join(dir, 'profile', 'Default', 'IndexedDB');
      const snapshot = () => {
        try {
          return readdirSync(root, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => {
              const path = join(entry.parentPath, entry.name);
              const { size, mtimeMs } = statSync(path, { throwIfNoEntry: false }) ?? { size: -1, mtimeMs: 0 };
              return `${path}:${size}:${mtimeMs}`;
            })
            .sort()
            .join('|');
        } catch {
          return '';
        }
      };
      const deadline = Date.now() + timeoutMs;
      let last = snapshot();
      let since = Date.now();
      while (Date.now() - since < quietMs) {
        if (Date.now() > deadline) throw new Error(`the profile's IndexedDB files kept changing for ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = snapshot();
        if (now !== last) {
          last = now;
          since = Date.now();
        }
      }
    },
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(offDisk, { recursive: true, force: true });
      }
    }
  };
}

/**
 * Every test of the file gets its own small disk of `sizeMb`, mounted before it (the test is skipped,
 * with the reason, where none can be mounted) and unmounted after. The object returned stands for
 * the current test's disk.
 */
export function useSmallDisk(sizeMb: number, hooks: Pick<typeof base, 'beforeEach' | 'afterEach' | 'skip'> = base): SmallDisk {
  const current = {} as SmallDisk;
  let mounted = false;
  hooks.beforeEach(() => {
    const disk = mountSmallDisk(sizeMb);
    hooks.skip(typeof disk === 'string', typeof disk === 'string' ? disk : '');
    Object.assign(current, disk);
    mounted = true;
  });
  hooks.afterEach(() => {
    if (mounted) current.unmount();
    mounted = false;
  });
  return current;
}
