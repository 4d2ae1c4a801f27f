import type { WorkerResponse } from './protocol';
import { ImportError, type DelimitedOptions, type ParsedImport } from './types';

export interface ParseJob {
  result: Promise<{ parsed: ParsedImport; ms: number }>;
  cancel(): void;
}

/** Parses a file in a Web Worker (the page stays responsive); progress is reported as 0..1. */
export function parseInWorker(file: File, options: DelimitedOptions, onProgress: (share: number, stage: string) => void): ParseJob {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let settle: { reject: (e: Error) => void } | null = null;
  const result = new Promise<{ parsed: ParsedImport; ms: number }>((resolve, reject) => {
    settle = { reject };
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      if (msg.type === 'progress') onProgress(msg.share, msg.stage);
      else {
        worker.terminate();
        if (msg.type === 'done') resolve({ parsed: msg.result, ms: msg.ms });
        else reject(msg.expected ? new ImportError(msg.message) : new Error(msg.message));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`The import worker failed: ${event.message || 'unknown error'}`));
    };
  });
  worker.postMessage({ file, options });
  return {
    result,
    cancel() {
      worker.terminate();
      settle?.reject(new Error('cancelled'));
    }
  };
}
