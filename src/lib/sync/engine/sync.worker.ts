/// <reference lib="webworker" />
// The sync engine off the page's main thread: PouchDB (its revision hashing, JSON and IndexedDB
// work), the push into the local copy and the apply step run here, so the study screen's answers
// do not queue behind them. The page keeps the runner (triggers, the tab lock, the status) and
// sends one `run` at a time (worker-client.ts); this worker opens the app's database itself and
// writes it only through the write gateway, as the engine does on a page.
import { sizeStepsBy, waitBetweenPages } from '../../backup/pages';
import { database } from '../../db/database';
import { gateWritesThroughPage } from '../../db/worker-gate';
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

// The page's disk guard decides for each gateway transaction here (db/worker-gate.ts), after the pacing above.
const gate = gateWritesThroughPage(post, whilePageBusy);

self.onmessage = async (event: MessageEvent<ToSyncWorker>) => {
  const message = event.data;
  if (message.type === 'hold') {
    heldUntil = Date.now() + HOLD_MS;
    return;
  }
  if (message.type === 'gate') return gate.reply(message);
  const { id, target } = message;
  // Writes before the first gate (dropping pushed feed rows) are refused as the page's would be.
  gate.refuseUntilAsked(message.refusing);
  try {
    const report = await syncOnce(database(), target, (progress) => post({ type: 'progress', id, progress }));
    post({ type: 'done', id, report });
  } catch (error) {
    post({ type: 'failed', id, error: toFailure(error) });
  }
};
