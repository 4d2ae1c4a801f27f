import type { FlashcardDatabase } from '../../db/database';
import { listBackups, type BackupEntry } from './catalog';
import { readDatabaseState } from './database-state';
import { writeIncrement } from './increment';
import { backupsToKeep, DEFAULT_RETENTION, filesToDelete, type RetentionPolicy } from './retention';
import { writeSnapshot } from './snapshot';
import type { BackupStore } from './store';

/** A new full snapshot at least weekly, so increments stay small and restores read two files. */
const SNAPSHOT_MAX_AGE_MS = 6.5 * 86_400_000;

export interface RunOptions {
  now: number;
  appVersion: string;
  retention?: RetentionPolicy;
  pageSize?: number;
  /** Backups that pruning must not remove (the one being restored). */
  protect?: string[];
}

/**
 * Takes one automatic backup: an increment over this database's latest full snapshot when
 * there is a recent one and the changes allow it, else a new full snapshot; then removes what
 * the retention policy no longer keeps. Throws BackupInterrupted when the collection changed
 * meanwhile (nothing is kept of that attempt).
 */
export async function runAutomaticBackup(db: FlashcardDatabase, store: BackupStore, o: RunOptions): Promise<BackupEntry> {
  const { dbId } = await readDatabaseState(db);
  const entries = await listBackups(store);
  const options = { now: o.now, appVersion: o.appVersion, dbId, pageSize: o.pageSize };
  const base = entries.find((e) => e.kind === 'full' && e.dbId === dbId && o.now - e.createdAt < SNAPSHOT_MAX_AGE_MS && o.now >= e.createdAt);
  let entry = base ? await writeIncrement(db, store, base, options) : 'needs-full';
  if (entry === 'needs-full') entry = await writeSnapshot(db, store, options);
  await pruneBackups(store, o.retention, o.protect);
  return entry;
}

export async function pruneBackups(store: BackupStore, policy: RetentionPolicy = DEFAULT_RETENTION, protect: string[] = []): Promise<string[]> {
  const [names, entries] = await Promise.all([store.list(), listBackups(store)]);
  const keep = backupsToKeep(entries, policy);
  for (const id of protect) {
    keep.add(id);
    const base = entries.find((e) => e.id === id)?.base;
    if (base) keep.add(base);
  }
  const doomed = filesToDelete(names, entries, keep);
  for (const name of doomed) await store.remove(name);
  return doomed;
}
