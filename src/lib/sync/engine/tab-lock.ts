/**
 * Every tab of this origin shares the change feed (outbox) and sync's local copy, so two tabs
 * syncing at once would push the same feed rows into the local copy (a revision conflict) and
 * save the apply checkpoint over each other. A Web Lock makes the runs take turns across tabs.
 * The second tab waits rather than skips: its own run then sends whatever changed after the
 * first run read the feed and reports a status of its own (the feed is drained and both
 * checkpoints are current by then, so the waited run is short).
 */
export const SYNC_LOCK = 'interview-flashcards:sync';

/** Runs `work` holding the sync lock; `onWait` is called when another tab holds it and this one waits. */
export async function withSyncLock<T>(work: () => Promise<T>, onWait?: () => void): Promise<T> {
  const locks = globalThis.navigator?.locks;
  // Without Web Locks (very old browsers, Node tests) the runner's own one-run-per-page rule remains.
  if (!locks) return work();
  const free = await locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => (lock ? { value: await work() } : null));
  if (free) return free.value;
  onWait?.();
  return locks.request(SYNC_LOCK, work);
}
