// Messages between the page (search-index-client.ts) and the word index worker (search-index.worker.ts).

/** Page → worker: build (with whether the page's disk guard refuses writes now), or the guard's answer to a `gate`. */
export type ToIndexWorker = { type: 'build'; refusing: boolean } | { type: 'gate'; id: number; ok: boolean; refusing: boolean };

/** Worker → page: before each of its transactions (`gate`, for `bytes`), then how the build ended. */
export type FromIndexWorker = { type: 'gate'; id: number; bytes: number } | { type: 'done' } | { type: 'failed'; message: string };
