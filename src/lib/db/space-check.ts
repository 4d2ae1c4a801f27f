/**
 * The disk guard's quick check before each write and its reserve (disk-guard.ts), answered by one
 * worker per page (space-check.worker.ts) that keeps its scratch file open, so a check costs a
 * message and a small write, not a new worker.
 */

export type SpaceCheckRequest = { id: number; op: 'check' | 'reserve' | 'holds' | 'release'; bytes: number };
/** fits: the bytes were written; false: the disk is full; null: this browser cannot tell. */
export type SpaceCheckReply = { fits: boolean | null; error?: string };

/** Far longer than a check or an 8 MB reserve takes on a phone's flash. */
const REPLY_TIMEOUT_MS = 8_000;

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, (reply: SpaceCheckReply) => void>();

function spaceWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined' || !globalThis.navigator?.storage?.getDirectory) return (worker = null);
  try {
    worker = new Worker(new URL('./space-check.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return (worker = null);
  }
  worker.onmessage = (event: MessageEvent<SpaceCheckReply & { id: number }>) => {
    const { id, ...reply } = event.data;
    if (reply.fits === null) console.warn('space check: cannot tell:', reply.error);
    waiting.get(id)?.(reply);
    waiting.delete(id);
  };
  worker.onerror = (event) => {
    console.warn('space check: worker failed:', event.message);
    for (const resolve of waiting.values()) resolve({ fits: null });
    waiting.clear();
  };
  return worker;
}

function ask(op: SpaceCheckRequest['op'], bytes = 0): Promise<boolean | null> {
  const target = spaceWorker();
  if (!target) return Promise.resolve(null);
  return new Promise((resolve) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(null);
    }, REPLY_TIMEOUT_MS);
    waiting.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply.fits);
    });
    target.postMessage({ id, op, bytes } satisfies SpaceCheckRequest);
  });
}

/** Whether `bytes` more fit right now (written and given back at once). */
export const checkSpace = (bytes: number) => ask('check', bytes);
/** Grows the reserve file to `bytes`; false when the disk has no room for it. */
export const fillReserve = (bytes: number) => ask('reserve', bytes);
/** Whether the reserve file already holds `bytes` (left by an earlier page); writes nothing. */
export const reserveHolds = (bytes: number) => ask('holds', bytes);
/** Empties the reserve file, giving its room back to the disk. */
export const releaseReserve = () => ask('release');
