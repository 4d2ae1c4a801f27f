import type { DelimitedOptions, ParsedImport } from './types';

/** Messages between the import page and import.worker.ts. */
export interface WorkerRequest {
  file: File;
  options: DelimitedOptions;
}

export type WorkerResponse =
  | { type: 'progress'; share: number; stage: string }
  | { type: 'done'; result: ParsedImport; ms: number }
  | { type: 'error'; message: string; expected: boolean };
