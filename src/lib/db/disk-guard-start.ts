import { createDiskGuard, type DiskGuard } from './disk-guard';
import { checkSpace, fillReserve, releaseReserve, reserveHolds } from './space-check';
import { probeFreeSpace } from './space-probe';
import { diskNearlyFullError, isOutOfSpace } from './write-errors';
import { gateWrites, onWriteOutcome } from './write-outcomes';

let guard: DiskGuard | null = null;

const LOW_KEY = 'disk-guard-low';

/** In localStorage, whose writes neither fail nor evict anything on a full disk (docs/STORAGE.md). */
const remember = {
  load: () => {
    try {
      return localStorage.getItem(LOW_KEY) !== null;
    } catch {
      return false;
    }
  },
  save: (low: boolean) => {
    try {
      if (low) localStorage.setItem(LOW_KEY, String(Date.now()));
      else localStorage.removeItem(LOW_KEY);
    } catch {
      // the in-memory state still covers this page
    }
  }
};

async function indexedDbUsage(): Promise<number | null> {
  const estimate = (await navigator.storage?.estimate?.()) as (StorageEstimate & { usageDetails?: { indexedDB?: number } }) | undefined;
  return estimate?.usageDetails?.indexedDB ?? estimate?.usage ?? null;
}

/**
 * The app's disk guard (disk-guard.ts): probes once now, then after every few writes; gates every
 * write through raw-write.ts and every gateway transaction over Dexie once it runs. Loaded after the first paint (storage-headroom starts it), never before.
 */
export function startDiskGuard(): DiskGuard {
  if (guard) return guard;
  const g = (guard = createDiskGuard({
    probe: probeFreeSpace,
    indexedDbUsage,
    remember,
    quickCheck: checkSpace,
    reserve: { fill: fillReserve, release: releaseReserve, holds: reserveHolds },
    // The periodic probe (a worker writing tens of MB) waits until the page is idle: never between an answer and the next card's paint.
    later: whenIdle
  }));
  gateWrites(
    (bytes) => g.gate(bytes),
    () => g.refusing()
  );
  onWriteOutcome((outcome) => {
    if (outcome.ok) g.wrote();
    else if (isOutOfSpace(outcome.error, { connectionLost: false })) g.failedForSpace();
  });
  void g.check();
  // The quick check's scratch file is created now, while there is room: creating a file is the
  // browser's own write, and one that fails for space may make it evict the origin.
  void checkSpace(0);
  return g;
}

function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 2_000 });
  else setTimeout(work, 0);
}

/** Before a large write (an import, a restore): whether `bytes` more fit with the margin to spare. */
export function roomFor(bytes: number): Promise<boolean> {
  return startDiskGuard().check(bytes);
}

/**
 * A large write stores about its source's size in IndexedDB values and indexes, then LevelDB
 * writes it again in its log and table files before the old ones go: room for three times the file.
 */
export const BULK_WRITE_FACTOR = 3;

/** Rejects with the out-of-space error, before anything is written, when a file of `fileBytes` would not fit. */
export async function assertRoomForFile(fileBytes: number): Promise<void> {
  if (!(await roomFor(BULK_WRITE_FACTOR * fileBytes))) throw diskNearlyFullError();
}
