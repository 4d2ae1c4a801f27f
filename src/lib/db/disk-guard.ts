import { diskNearlyFullError } from './write-errors';

/**
 * Stops the app writing to IndexedDB before the disk is full. On Chromium a write that fails for
 * space (IndexedDB, Cache Storage, OPFS through createWritable) makes the browser evict the least
 * recently used origins' storage whole, and when this app is that origin the collection is gone
 * (docs/STORAGE.md). So writes must not fail: a probe (space-probe.ts, whose own failure evicts
 * nothing) checks now and then that MARGIN more bytes fit; while they do not, every write through
 * raw.ts is refused with an out-of-space error before it reaches IndexedDB (an answer is kept,
 * pending-answers.ts; an import says nothing was imported), and the next write tries the probe again.
 */

const MB = 1024 * 1024;
/** LevelDB's log grows up to its write buffer (4 MB in Chromium) and a flush writes that much again as a table. */
export const LOG_AND_FLUSH_BYTES = 8 * MB;
/** A compaction writes its output before deleting its input: at most the database, and one compaction's inputs. */
export const COMPACTION_CAP_BYTES = 24 * MB;
/** Probes again after this many successful writes (an answer is a few kB: far below the margin). */
export const WRITES_BETWEEN_PROBES = 10;
/** While low, a refused write probes again at most this often. */
export const MS_BETWEEN_LOW_PROBES = 2_000;

/** Room the app needs free before it writes to IndexedDB: see the constants above. */
export function marginBytes(indexedDbUsage: number | null): number {
  return LOG_AND_FLUSH_BYTES + Math.min(Math.max(0, indexedDbUsage ?? COMPACTION_CAP_BYTES), COMPACTION_CAP_BYTES);
}

export interface DiskGuardDeps {
  /** true: the bytes fit; false: they do not; null: cannot tell (then the guard never refuses). */
  probe: (bytes: number) => Promise<boolean | null>;
  /** Bytes the origin's IndexedDB uses, or null. */
  indexedDbUsage: () => Promise<number | null>;
  now?: () => number;
  /** Keeps the low state for the next page (a reload while low must not start by writing). */
  remember?: { load(): boolean; save(low: boolean): void };
}

export function createDiskGuard({ probe, indexedDbUsage, now = Date.now, remember }: DiskGuardDeps) {
  let low = remember?.load() ?? false;
  /** Low because a probe said so (kept when a later probe cannot tell), not only because a write failed. */
  let probedLow = low;
  let probed = false;
  let probedAt = -Infinity;
  let writes = 0;
  let running: Promise<boolean> | null = null;
  const listeners = new Set<(low: boolean) => void>();

  const set = (next: boolean) => {
    if (next === low) return;
    low = next;
    remember?.save(low);
    for (const listener of listeners) listener(low);
  };

  /** Probes for the margin plus `extra` bytes; true when they fit (or when the browser cannot tell). */
  function check(extra = 0): Promise<boolean> {
    if (extra === 0 && running) return running;
    const run = (async () => {
      probedAt = now();
      writes = 0;
      const fits = await probe(marginBytes(await indexedDbUsage().catch(() => null)) + extra).catch(() => null);
      probed = true;
      if (fits === false && extra === 0)
        probedLow = true; // only the margin itself not fitting means low
      else if (fits === true || !probedLow) probedLow = false;
      // Cannot tell (null): a low state a probe found stays; otherwise writes go through.
      set(probedLow);
      return fits ?? !low;
    })().finally(() => {
      if (running === run) running = null;
    });
    if (extra === 0) running = run;
    return run;
  }

  return {
    check,
    isLow: () => low,
    onChange(listener: (low: boolean) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * Before a write: nothing (no wait) while there is room; before the first probe has answered,
     * waits for it; while low, probes again (at most every MS_BETWEEN_LOW_PROBES) and rejects if still low.
     */
    gate(): Promise<void> | undefined {
      if (probed && !low) return undefined;
      const fresh = !probed || now() - probedAt >= MS_BETWEEN_LOW_PROBES ? check() : Promise.resolve(false);
      return fresh.then((fits) => {
        if (!fits) throw diskNearlyFullError();
      });
    },
    /** After a successful write: every WRITES_BETWEEN_PROBES, probe in the background. */
    wrote(): boolean {
      if (++writes < WRITES_BETWEEN_PROBES) return false;
      writes = 0;
      void check();
      return true;
    },
    /** For writes that cannot wait (Dexie's, inside a transaction): true while low; a stale low state is probed again meanwhile. */
    refusing(): boolean {
      if (low && now() - probedAt >= MS_BETWEEN_LOW_PROBES) void check();
      return low;
    },
    /** A write failed for space after all (the disk filled between probes): low until a probe, started now, says otherwise. */
    failedForSpace(): void {
      set(true);
      void check();
    }
  };
}

export type DiskGuard = ReturnType<typeof createDiskGuard>;
