import type { ProbeReply } from './space-probe.worker';

/**
 * Whether `bytes` more fit on the disk now, found by writing them (space-probe.worker.ts) and
 * giving them back at once. The only write we found that can fail for space without Chromium
 * evicting the origin's storage (docs/STORAGE.md). null when the browser has no synchronous
 * access handles (the answer is unknown, not "no").
 */
export function probeFreeSpace(bytes: number): Promise<boolean | null> {
  if (typeof Worker === 'undefined' || !globalThis.navigator?.storage?.getDirectory) return Promise.resolve(null);
  // One probe at a time, across tabs too: a second access handle on the scratch file is refused.
  const locks = globalThis.navigator.locks;
  if (locks) return locks.request('space-probe', () => probeInWorker(bytes));
  const run = (queue = queue.then(() => probeInWorker(bytes)));
  return run;
}

let queue: Promise<boolean | null> = Promise.resolve(null);
/** Far longer than writing the largest margin (32 MB) takes on a phone's flash. */
const PROBE_TIMEOUT_MS = 8_000;

function probeInWorker(bytes: number): Promise<boolean | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./space-probe.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(null);
      return;
    }
    // A worker that does not answer (storage the browser cannot open) must not hold the lock forever.
    const timer = setTimeout(() => {
      console.warn('space probe: no answer');
      done(null);
    }, PROBE_TIMEOUT_MS);
    const done = (result: boolean | null) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<ProbeReply>) => {
      if (event.data?.fits === null) console.warn('space probe: cannot tell:', event.data.error);
      done(event.data?.fits ?? null);
    };
    worker.onerror = (event) => {
      console.warn('space probe: worker failed:', event.message);
      done(null);
    };
    worker.postMessage(bytes);
  });
}
