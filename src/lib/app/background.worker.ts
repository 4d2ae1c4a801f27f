/// <reference lib="webworker" />
// The app's bulk background writes off the page's main thread (docs/BENCHMARK.md §27-28): on a
// first visit, the built-in decks merged after the first screen (about 50 ms of IndexedDB puts per
// deck at 4x) and then the word index build (about 7,000 posting rows). On the page both were
// long tasks right after the first card. One worker for both, so Dexie loads once; its gateway
// transactions ask the page's disk guard first (db/worker-gate.ts).
import { buildSearchIndex } from '../cards/search-index-build';
import { database } from '../db/database';
import { gateWritesThroughPage } from '../db/worker-gate';
import { mergeBuiltinDecks } from '../decks/sync';
import type { BackgroundJob, FromBackgroundWorker, ToBackgroundWorker } from './background-protocol';

declare const self: DedicatedWorkerGlobalScope;
const post = (message: FromBackgroundWorker) => self.postMessage(message);
const gate = gateWritesThroughPage(post);

async function run(job: BackgroundJob): Promise<number> {
  if (job.kind === 'merge-decks') return mergeBuiltinDecks(database(), job.baseUrl, job.decks, job.now);
  await buildSearchIndex(database());
  return 0;
}

let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<ToBackgroundWorker>) => {
  const message = event.data;
  if (message.type === 'gate') return gate.reply(message);
  queue = queue.then(async () => {
    gate.refuseUntilAsked(message.refusing);
    try {
      post({ type: 'done', id: message.id, result: await run(message.job) });
    } catch (error) {
      post({ type: 'failed', id: message.id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  });
};
