import { diskNearlyFullError } from './write-errors';

/**
 * Stops the app writing to IndexedDB before the disk is full. On Chromium a write that fails for
 * space (IndexedDB, Cache Storage, OPFS through createWritable) makes the browser evict the least
 * recently used origins' storage whole, and when this app is that origin the collection is gone
 * (docs/STORAGE.md). So writes must not fail: a probe (space-probe.ts, whose own failure evicts
 * nothing) checks now and then that MARGIN more bytes fit; while they do not, every write through
 * raw-write.ts is refused with an out-of-space error before it reaches IndexedDB (an answer is kept,
 * pending-answers.ts; an import says nothing was imported), and the next write tries the probe again.
 *
 * Between probes the disk can still fill (another app, another site). So every write first checks
 * that a few kB more fit (`quickCheck`, cheap: one small write), and the guard keeps a reserve file
 * of RESERVE_BYTES on the disk while there is room: when the quick check finds the disk full, the
 * write is refused and the reserve is emptied, so what was already under way (a transaction in
 * flight, LevelDB's flush and compaction) has room to finish instead of failing.
 */

const MB = 1024 * 1024;
/** LevelDB's log grows up to its write buffer (4 MB in Chromium) and a flush writes that much again as a table. */
export const LOG_AND_FLUSH_BYTES = 8 * MB;
/** A compaction writes its output before deleting its input: at most the database, and one compaction's inputs. */
export const COMPACTION_CAP_BYTES = 24 * MB;
/** Probes again after this many successful writes (an answer is a few kB: far below the margin)… */
export const WRITES_BETWEEN_PROBES = 10;
/**
 * …and no sooner than this after the last probe. A probe writes the whole margin (32 MB at 50k
 * cards): someone answering a card a second must not write 32 MB of flash every 10 s, and the
 * quick check before each write and the reserve cover the disk filling in between.
 */
export const MS_BETWEEN_PROBES = 60_000;
/** While low, a refused write probes again at most this often. */
export const MS_BETWEEN_LOW_PROBES = 2_000;
/** What each write checks first: far more than an answer or an edit writes (bulk writes check their size). */
export const QUICK_CHECK_BYTES = 64 * 1024;
/** Room kept back for writes under way when the disk fills: one log and its flush. */
export const RESERVE_BYTES = LOG_AND_FLUSH_BYTES;

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
  /** Whether `bytes` more fit right now (true, false, or null: cannot tell); asked before every write. */
  quickCheck?: (bytes: number) => Promise<boolean | null>;
  /** The room kept back: `fill` grows it to `bytes` (false: no room), `release` gives it back to the disk. */
  reserve?: { fill(bytes: number): Promise<boolean | null>; release(): Promise<unknown>; holds?(bytes: number): Promise<boolean | null> };
  /** Runs the periodic background probe (after `wrote()`): at once unless given (the page waits for the next idle moment). */
  later?: (work: () => void) => void;
}

export function createDiskGuard({ probe, indexedDbUsage, now = Date.now, remember, quickCheck, reserve, later = (work) => work() }: DiskGuardDeps) {
  let low = remember?.load() ?? false;
  /** Low because a probe said so (kept when a later probe cannot tell), not only because a write failed. */
  let probedLow = low;
  let probed = false;
  let probedAt = -Infinity;
  let writes = 0;
  let running: Promise<boolean> | null = null;
  /** The reserve holds its bytes (null: this browser cannot keep one). */
  let reserved: boolean | null = false;
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
      const startedAt = now();
      if (extra === 0) {
        probedAt = startedAt;
        writes = 0;
      }
      if (!probed && reserve && reserved === false) {
        // A page that starts low empties the reserve and probes for the whole margin: the page that
        // found the disk full was giving the reserve back (asynchronously, in its worker), and if that
        // lands after this page found the file full, counting it would let writes onto a full disk.
        if (low) await reserve.release().catch(() => undefined);
        // A reserve left by an earlier page while there was room is the app's as well.
        else if (reserve.holds) reserved = (await reserve.holds(RESERVE_BYTES).catch(() => null)) === true;
      }
      // The reserve's bytes are the app's to give back: they count towards the margin while it holds them.
      const held = reserved ? RESERVE_BYTES : 0;
      let fits = await probe(marginBytes(await indexedDbUsage().catch(() => null)) - held + extra).catch(() => null);
      // Room again (or for the first time): the reserve is filled before writes go on.
      if (fits === true && extra === 0 && reserve && reserved === false) {
        reserved = await reserve.fill(RESERVE_BYTES).catch(() => null);
        if (reserved === false) fits = false;
      }
      probed = true;
      // A large write's check that fits says the margin fits as well; one that does not says nothing of the margin alone.
      if (extra > 0 && fits === true) {
        probedAt = startedAt;
        writes = 0;
      }
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

  /** Gives the reserve's room to what is under way (a transaction in flight, LevelDB's flush). */
  function releaseReserve() {
    if (reserve && reserved) {
      reserved = false;
      void reserve.release().catch(() => undefined);
    }
  }

  /** The quick check found the disk full: refuse writes until a probe finds room. */
  function foundFull() {
    probedLow = true;
    probedAt = now();
    set(true);
    releaseReserve();
  }

  return {
    check,
    isLow: () => low,
    onChange(listener: (low: boolean) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * Before a write of about `bytes` (0: a small one): while there is room, the quick check (or nothing, without one); before the
     * first probe has answered, waits for it; while low, probes again (at most every
     * MS_BETWEEN_LOW_PROBES) and rejects if still low.
     */
    gate(bytes = 0): Promise<void> | undefined {
      if (probed && !low) {
        // A bulk write checks for its own size (its transaction writes that much to LevelDB's log).
        return quickCheck?.(Math.max(QUICK_CHECK_BYTES, bytes)).then((fits) => {
          if (fits !== false) return;
          foundFull();
          throw diskNearlyFullError();
        });
      }
      const fresh = !probed || now() - probedAt >= MS_BETWEEN_LOW_PROBES ? check() : Promise.resolve(false);
      return fresh.then((fits) => {
        if (!fits) throw diskNearlyFullError();
      });
    },
    /** After a successful write: every WRITES_BETWEEN_PROBES, at most every MS_BETWEEN_PROBES, probe in the background (`later`). */
    wrote(): boolean {
      if (++writes < WRITES_BETWEEN_PROBES || now() - probedAt < MS_BETWEEN_PROBES) return false;
      writes = 0;
      later(() => void check());
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
      releaseReserve();
      void check();
    }
  };
}

export type DiskGuard = ReturnType<typeof createDiskGuard>;
