import type { FlashcardDatabase } from '../../db/database';
import { changeFeedOn, setChangeFeed } from '../../db/change-feed';
import { contentHash } from '../../decks/hash';
import type { SyncConfig } from '../config';
import { loadPouchDB, openRemoteDatabase } from '../pouch';
import type { RemoteSession } from '../session';
import type { SyncKeys } from '../crypto';
import { applyPulled, pushThenSkipOwn } from './apply';
import { pushEverything, pushFeed } from './push';
import { Wire, type LocalDatabase } from './wire';

export interface SyncTarget {
  config: Pick<SyncConfig, 'serverUrl' | 'database' | 'username'>;
  session: RemoteSession;
  keys: SyncKeys | null;
}

export interface SyncReport {
  pushed: number;
  applied: number;
}

export interface SyncProgressEvent {
  /** local: into the local copy; send/receive: the local copy with the server; apply: into the app's database. */
  stage: 'local' | 'send' | 'receive' | 'apply';
  done: number;
  total: number | null;
  /** The total comes from sequence numbers, not from a count: true while the server does not report `pending`. */
  estimated?: boolean;
}

/** The number a CouchDB sequence starts with (PouchDB's are plain numbers), or null. */
function seqNumber(seq: unknown): number | null {
  const n = typeof seq === 'number' ? seq : parseInt(String(seq), 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** A local-only document of the local copy (never replicated): the whole collection has been written into it once. */
const FULL_PUSH_ID = '_local/full-push';

async function fullPushDone(local: LocalDatabase): Promise<boolean> {
  try {
    await local.get(FULL_PUSH_ID);
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

/** Sync's local copy for one server database (another server or database gets another copy). */
export async function openLocalCopy(target: Pick<SyncTarget, 'config'>): Promise<LocalDatabase> {
  const PouchDB = await loadPouchDB();
  const name = `flashcards-sync-${contentHash(`${target.config.serverUrl}|${target.config.database}|${target.config.username}`)}`;
  return new PouchDB(name, { adapter: 'idb', auto_compaction: true }) as LocalDatabase;
}

/**
 * One sync: this device's changes into the local copy (everything the first time: the change
 * feed is off until sync is turned on), a two-way replication of the local copy with the server
 * (PouchDB's, checkpointed: an interrupted run resumes where it stopped), and what came from
 * the server applied to the app's database. Every step is safe to repeat after a crash.
 */
export async function syncOnce(db: FlashcardDatabase, target: SyncTarget, onProgress?: (p: SyncProgressEvent) => void): Promise<SyncReport> {
  const local = await openLocalCopy(target);
  try {
    return await syncDatabases(db, local, await openRemoteDatabase(target.session), new Wire(target.keys), onProgress);
  } finally {
    await local.close();
  }
}

/** How often a long local step asks the server something, so a cookie session does not time out meanwhile. */
export const KEEP_SESSION_MS = 60_000;

/**
 * A function to call often during long work that does not talk to the server (the first scan of
 * a large collection, applying a large download): at most every `everyMs` it reads the database's
 * info, which renews a cookie session (CouchDB renews its AuthSession cookie on a request once a
 * tenth of its 10-minute timeout has passed; pouchdb-server on every request). Without it a
 * first upload whose scan takes longer than the timeout met "sign in again" at its first request.
 */
function sessionKeeper(remote: { info(): Promise<unknown> }, everyMs: number): () => void {
  let last = Date.now();
  return () => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    remote.info().catch(() => undefined); // a failure here shows at the next real request
  };
}

/** syncOnce with the databases given (tests use a local PouchDB as the server). */
export async function syncDatabases(
  db: FlashcardDatabase,
  local: LocalDatabase,
  remote: unknown,
  wire: Wire,
  onProgress?: (p: SyncProgressEvent) => void,
  keepSessionMs = KEEP_SESSION_MS
): Promise<SyncReport> {
  let pushed = 0;
  const keepSession = sessionKeeper(remote as { info(): Promise<unknown> }, keepSessionMs);
  const progress = (p: SyncProgressEvent) => {
    if (p.stage === 'local' || p.stage === 'apply') keepSession();
    onProgress?.(p);
  };
  // On before the scan, so a change made during it is in the feed (sent twice at worst). A worker
  // cannot reach the switch (localStorage): its page turned it on before the run (worker-client.ts).
  if (typeof localStorage !== 'undefined' && !changeFeedOn()) setChangeFeed(true);
  await pushThenSkipOwn(local, async () => {
    if (!(await fullPushDone(local))) {
      // Until a whole scan has finished into this local copy (a first sync cut off by a crash,
      // or a new server), the feed alone would miss the rows the scan did not reach.
      pushed += await pushEverything(db, local, wire, (done) => progress({ stage: 'local', done, total: null }));
      await local.put({ _id: FULL_PUSH_ID, at: Date.now() });
    }
    pushed += await pushFeed(db, local, wire, (done) => progress({ stage: 'local', done, total: null }));
  });
  const PouchDB = await loadPouchDB();
  // CouchDB reports `pending` (changes left after this batch): done + pending is a count. Servers
  // that do not (pouchdb-server) still number their changes: the share of the server's sequence read
  // so far gives an estimate, shown as "about" (a sequence number counts every update, not documents).
  const serverEnd = seqNumber((await (remote as { info(): Promise<{ update_seq: unknown }> }).info()).update_seq);
  await PouchDB.sync(local, remote, { batch_size: 200, batches_limit: 4 }).on('change', (info) => {
    // PouchDB's `docs_written` is the replication's running total so far, not this batch's count.
    const done = info.change.docs_written;
    const at = seqNumber(info.change.last_seq);
    const total =
      info.change.pending !== undefined
        ? done + info.change.pending
        : info.direction === 'pull' && serverEnd && at
          ? Math.max(done, Math.round((done * serverEnd) / at))
          : null;
    onProgress?.({ stage: info.direction === 'pull' ? 'receive' : 'send', done, total, estimated: info.change.pending === undefined && total !== null });
  });
  const applied = await applyPulled(db, local, wire, (done, total) => progress({ stage: 'apply', done, total }));
  return { pushed, applied };
}
