// The word index build in the background jobs worker (app/background-jobs.ts), one build at a time per page.
import { runInBackground } from '../app/background-jobs';
import type { FlashcardDatabase } from '../db/database';
import { buildSearchIndex } from './search-index-build';

let running: Promise<void> | null = null;

/** Builds the word index in the worker (on the page where it cannot run); resolves once the build ended. */
export function buildSearchIndexOffPage(db: FlashcardDatabase): Promise<void> {
  running ??= runInBackground({ kind: 'build-index' }, () => buildSearchIndex(db).then(() => 0))
    .then(() => undefined)
    .finally(() => (running = null));
  return running;
}
