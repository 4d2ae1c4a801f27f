import type { ProbeReply } from './space-probe.worker';

/**
 * Whether `bytes` more fit on the disk now, found by writing them (space-probe.worker.ts) and
 * giving them back at once. The only write we found that can fail for space without Chromium
 * evicting the origin's storage (docs/STORAGE.md). null when the browser has no synchronous
 * access handles (the answer is unknown, not "no").
 */
export function probeFreeSpace(bytes: number): Promise<boolean | null> {
  if (typeof Worker === 'undefined' || !globalThis.navigator?.storage?.getDirectory) return Promise.resolve(null);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./space-probe.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(null);
      return;
    }
    const done = (result: boolean | null) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<ProbeReply>) => done(event.data?.fits ?? null);
    worker.onerror = () => done(null);
    worker.postMessage(bytes);
  });
}
