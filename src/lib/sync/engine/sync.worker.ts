/// <reference lib="webworker" />
// The sync engine off the page's main thread: PouchDB (its revision hashing, JSON and IndexedDB
// work), the push into the local copy and the apply step run here, so the study screen's answers
// do not queue behind them. The page keeps the runner (triggers, the tab lock, the status) and
// sends one `run` at a time (worker-client.ts); this worker opens the app's database itself and
// writes it only through the write gateway, as the engine does on a page.
import { sizeStepsBy, waitBetweenPages } from '../../backup/pages';
import { database } from '../../db/database';
import { gateWrites } from '../../db/write-outcomes';
import { diskNearlyFullError } from '../../db/write-errors';
import { syncOnce } from './run';
import { toFailure, type FromSyncWorker, type ToSyncWorker } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromSyncWorker) => self.postMessage(message);

// While the page answers, the engine waits between its steps (the scan's pages, the apply step's
// transactions): on a phone's few cores the worker's CPU and IndexedDB work would otherwise still
// slow the answer down. A step under way finishes first; the hold ends HOLD_MS after the last input.
const HOLD_MS = 1000;
let heldUntil = 0;
// A step under way when an answer comes still finishes first, and its writes go before the answer's
// in the origin's IndexedDB: while someone has answered in the last STUDYING_MS, steps are a tenth
// of their size (a scan page of 25 rows, not 250), so that wait is a tenth as long.
// And the engine then rests between steps for REST_PER_WORK times as long as the step took (it works a
// quarter of the time): its writes, and the compaction they cause, share the device's few cores
// with the answers even between them.
const STUDYING_MS = 15_000;
const STEP_WHILE_STUDYING = 0.1;
const REST_PER_WORK = 3;
const MAX_REST_MS = 1_000;
const studying = () => Date.now() - (heldUntil - HOLD_MS) < STUDYING_MS;
sizeStepsBy((size) => (studying() ? Math.max(1, Math.ceil(size * STEP_WHILE_STUDYING)) : size));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let stepStartedAt = Date.now();
async function whilePageBusy(): Promise<void> {
  await sleep(0);
  if (studying()) await sleep(Math.min(MAX_REST_MS, (Date.now() - stepStartedAt) * REST_PER_WORK));
  for (let left = heldUntil - Date.now(); left > 0; left = heldUntil - Date.now()) await sleep(left);
  stepStartedAt = Date.now();
}
waitBetweenPages(whilePageBusy);

// One disk guard per page (db/disk-guard-start.ts, with its probe and reserve): the page's. Each
// gateway transaction here asks it first, and Dexie's own check inside a transaction uses what it
// last answered, so a worker never probes or fills the disk by itself.
let nextGate = 1;
let refusing = false;
const gates = new Map<number, (reply: { ok: boolean; refusing: boolean }) => void>();
gateWrites(
  async () => {
    await whilePageBusy();
    return new Promise<void>((resolve, reject) => {
      const id = nextGate++;
      gates.set(id, (reply) => {
        refusing = reply.refusing;
        if (reply.ok) resolve();
        else reject(diskNearlyFullError());
      });
      post({ type: 'gate', id });
    });
  },
  () => refusing
);

self.onmessage = async (event: MessageEvent<ToSyncWorker>) => {
  const message = event.data;
  if (message.type === 'hold') {
    heldUntil = Date.now() + HOLD_MS;
    return;
  }
  if (message.type === 'gate') {
    gates.get(message.id)?.(message);
    gates.delete(message.id);
    return;
  }
  const { id, target } = message;
  // Writes before the first gate (dropping pushed feed rows) are refused as the page's would be.
  refusing = message.refusing;
  try {
    const report = await syncOnce(database(), target, (progress) => post({ type: 'progress', id, progress }));
    post({ type: 'done', id, report });
  } catch (error) {
    post({ type: 'failed', id, error: toFailure(error) });
  }
};
