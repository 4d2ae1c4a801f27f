/// <reference lib="webworker" />
// The word index build (search-index-build.ts) off the page's main thread: on a first visit it
// reads and writes about 7,000 posting rows for the built-in decks, which on the page were long
// tasks of seconds at 4x right after the first card (docs/BENCHMARK.md §27). Its gateway
// transactions ask the page's disk guard first, as the sync worker's do.
import { database } from '../db/database';
import { diskNearlyFullError } from '../db/write-errors';
import { gateWrites } from '../db/write-outcomes';
import { buildSearchIndex } from './search-index-build';
import type { FromIndexWorker, ToIndexWorker } from './search-index-protocol';

declare const self: DedicatedWorkerGlobalScope;
const post = (message: FromIndexWorker) => self.postMessage(message);

let nextGate = 1;
let refusing = false;
const gates = new Map<number, (reply: { ok: boolean; refusing: boolean }) => void>();
gateWrites(
  (bytes = 0) =>
    new Promise<void>((resolve, reject) => {
      const id = nextGate++;
      gates.set(id, (reply) => {
        refusing = reply.refusing;
        if (reply.ok) resolve();
        else reject(diskNearlyFullError());
      });
      post({ type: 'gate', id, bytes });
    }),
  () => refusing
);

self.onmessage = async (event: MessageEvent<ToIndexWorker>) => {
  const message = event.data;
  if (message.type === 'gate') {
    gates.get(message.id)?.(message);
    gates.delete(message.id);
    return;
  }
  refusing = message.refusing;
  try {
    await buildSearchIndex(database());
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
