/// <reference lib="webworker" />
// Parses an import file off the main thread: CSV/TSV, Markdown decks and Anki packages.
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { checkFile } from './limits';
import { parseImportFile } from './parse';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { ImportError } from './types';

declare const self: DedicatedWorkerGlobalScope;

let sql: Promise<SqlJsStatic> | null = null;
const loadSql = () => (sql ??= initSqlJs({ locateFile: () => wasmUrl }));

const post = (message: WorkerResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const started = performance.now();
  const { file, options } = event.data;
  try {
    // Size and type first: a file past its limit is never read into memory.
    const refused = checkFile(file.name, file.size);
    if (refused) throw new ImportError(refused);
    post({ type: 'progress', share: 0, stage: 'Reading the file' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    let last = 0;
    const result = await parseImportFile(file.name, bytes, options, {
      loadSql,
      onProgress: (share, stage) => {
        const now = performance.now();
        if (now - last < 50 && share < 1) return;
        last = now;
        post({ type: 'progress', share, stage });
      }
    });
    // Images move to the page without a copy (each buffer listed once).
    const buffers = [...new Set(result.media.map((m) => m.data.buffer as ArrayBuffer))];
    post({ type: 'done', result, ms: Math.round(performance.now() - started) }, buffers);
  } catch (error) {
    const expected = error instanceof ImportError;
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'error', message: expected ? message : `The file could not be read: ${message}`, expected });
  }
};
