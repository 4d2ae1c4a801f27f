import { isOutOfSpace } from '../db/write-errors';
import { onWriteOutcome } from '../db/write-outcomes';
import { headroomLevel, remainingBytes, type HeadroomLevel } from './headroom';

/** Checked again after this many writes, or this long after the last check when a write comes. */
const WRITES_BETWEEN_CHECKS = 25;
const MS_BETWEEN_CHECKS = 60_000;

/** The device's storage headroom, for the status bar and Settings (headroom.ts says when it is low). */
export const storageHeadroom = $state<{ level: HeadroomLevel; remaining: number | null }>({ level: 'ok', remaining: null });

export async function checkStorageHeadroom(): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate) return;
  storageHeadroom.remaining = remainingBytes(estimate);
  // 'full' comes from a failed write and only a successful one clears it.
  if (storageHeadroom.level !== 'full') storageHeadroom.level = headroomLevel(estimate);
}

let watching = false;

/** Checks now, then now and then after writes; a write that fails for space means 'full' at once. */
export function watchStorageHeadroom(): void {
  if (watching || typeof navigator === 'undefined') return;
  watching = true;
  let writes = 0;
  let checkedAt = Date.now();
  const check = () => {
    writes = 0;
    checkedAt = Date.now();
    void checkStorageHeadroom();
  };
  check();
  // The disk guard probes the real disk, which the estimate does not see: loaded once the
  // browser is idle after the first screen, so it never competes with it.
  whenIdle(() =>
    import('../db/disk-guard-start').then(({ startDiskGuard }) =>
      startDiskGuard().onChange((low) => {
        if (low) storageHeadroom.level = 'full';
        else if (storageHeadroom.level === 'full') {
          storageHeadroom.level = 'ok';
          check();
        }
      })
    )
  );
  onWriteOutcome((outcome) => {
    if (!outcome.ok) {
      if (isOutOfSpace(outcome.error)) storageHeadroom.level = 'full';
      return;
    }
    if (storageHeadroom.level === 'full') {
      storageHeadroom.level = 'ok';
      check();
    } else if (++writes >= WRITES_BETWEEN_CHECKS || Date.now() - checkedAt > MS_BETWEEN_CHECKS) {
      // The periodic estimate waits for an idle moment: never between an answer and the next card's paint.
      writes = 0;
      checkedAt = Date.now();
      whenIdle(check);
    }
  });
}

function whenIdle(run: () => unknown): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void run(), { timeout: 3000 });
  else setTimeout(() => void run(), 1000);
}
