// The page's side of the word index worker: one build at a time per page; the page's disk guard
// answers the worker's `gate` requests. Where workers cannot open IndexedDB, the page builds.
import type { FlashcardDatabase } from '../db/database';
import { gatewayWriteGate, writesRefused } from '../db/write-outcomes';
import { buildSearchIndex } from './search-index-build';
import type { FromIndexWorker, ToIndexWorker } from './search-index-protocol';

let running: Promise<void> | null = null;

/** Builds the word index in a worker (falls back to the page); resolves once the build ended. */
export function buildSearchIndexOffPage(db: FlashcardDatabase): Promise<void> {
  if (typeof Worker === 'undefined') return buildSearchIndex(db);
  running ??= new Promise<void>((resolve, reject) => {
    let w: Worker;
    try {
      w = new Worker(new URL('./search-index.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      buildSearchIndex(db).then(resolve, reject);
      return;
    }
    const end = (error?: Error) => {
      w.terminate();
      if (error) reject(error);
      else resolve();
    };
    w.onmessage = (event: MessageEvent<FromIndexWorker>) => {
      const message = event.data;
      if (message.type === 'gate') return void answerGate(w, message.id, message.bytes);
      end(message.type === 'failed' ? new Error(message.message) : undefined);
    };
    w.onerror = (event) => {
      event.preventDefault();
      end(new Error(`the search index worker stopped (${event.message || 'it could not be started'})`));
    };
    w.postMessage({ type: 'build', refusing: writesRefused() } satisfies ToIndexWorker);
  }).finally(() => (running = null));
  return running;
}

async function answerGate(w: Worker, id: number, bytes: number): Promise<void> {
  let ok = true;
  try {
    await gatewayWriteGate(bytes);
  } catch {
    ok = false;
  }
  w.postMessage({ type: 'gate', id, ok, refusing: !ok || writesRefused() } satisfies ToIndexWorker);
}
