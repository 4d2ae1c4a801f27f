// PouchDB, loaded on demand: only its HTTP adapter and replication (about 32 KB gzipped), never
// on the study screen's first paint nor before sync is used. The app's own Dexie database stays
// the local store; the engine talks to the server through the database this returns.
import type { RemoteSession } from './session';
import { databaseUrl, sessionFetch } from './session';

type Doc = { _id: string; _rev?: string; _deleted?: boolean; [field: string]: unknown };
type WriteResult = { ok?: boolean; id?: string; rev?: string; error?: string; reason?: string };

/** The part of PouchDB's database API the app uses (PouchDB's own documentation has the rest). */
export interface RemoteDatabase {
  info(): Promise<{ db_name: string; doc_count: number; update_seq: string | number }>;
  get(id: string, options?: Record<string, unknown>): Promise<Doc & { _rev: string }>;
  put(doc: Doc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: Doc[], options?: { new_edits?: boolean }): Promise<WriteResult[]>;
  allDocs(
    options?: Record<string, unknown>
  ): Promise<{ total_rows: number; rows: { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: Doc }[] }>;
  changes(options?: Record<string, unknown>): PromiseLike<{
    results: { id: string; seq: string | number; changes: { rev: string }[]; deleted?: boolean; doc?: Doc }[];
    last_seq: string | number;
  }>;
  close(): Promise<void>;
}

export type PouchConstructor = (new (name: string, options: Record<string, unknown>) => unknown) & {
  /** PouchDB's one-shot two-way replication (pouchdb-replication). */
  sync(local: unknown, remote: unknown, options?: Record<string, unknown>): ReplicationRun;
};

/** What PouchDB.sync returns: a promise of the result that is also an event emitter. */
export interface ReplicationRun extends PromiseLike<unknown> {
  on(
    event: 'change',
    listener: (info: { direction: 'push' | 'pull'; change: { docs_written: number; pending?: number; last_seq?: number | string } }) => void
  ): ReplicationRun;
  cancel(): void;
}

let loading: Promise<PouchConstructor> | null = null;

/** PouchDB with the HTTP adapter (the server), the IndexedDB adapter (sync's local copy) and replication. */
export function loadPouchDB(): Promise<PouchConstructor> {
  loading ??= Promise.all([import('pouchdb-core'), import('pouchdb-adapter-http'), import('pouchdb-adapter-idb'), import('pouchdb-replication')]).then(
    ([core, http, idb, replication]) => core.default.plugin(http.default).plugin(idb.default).plugin(replication.default) as unknown as PouchConstructor
  );
  return loading;
}

/** The session's database on the server through PouchDB's HTTP adapter; it never creates the database. */
export async function openRemoteDatabase(session: RemoteSession): Promise<RemoteDatabase> {
  const PouchDB = await loadPouchDB();
  // sessionFetch adds basic auth when the session uses it; PouchDB itself sends credentials: 'include'.
  return new PouchDB(databaseUrl(session), { adapter: 'http', skip_setup: true, fetch: sessionFetch(session) }) as RemoteDatabase;
}
