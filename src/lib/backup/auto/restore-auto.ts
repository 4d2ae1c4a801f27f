import type { FlashcardDatabase } from '../../db/database';
import { BackupError, type Backup } from '../format';
import { readBackupFile } from '../read';
import { applyRestore, type RestorePlan, type RestoreProgress } from '../restore';
import { validateBackup } from '../validate';
import { assembleIncrement } from './assemble';
import { dataFile, type BackupEntry } from './catalog';
import { gunzipBlob } from './gzip';
import { runAutomaticBackup } from './run';
import type { BackupStore } from './store';

async function readData(store: BackupStore, entry: Pick<BackupEntry, 'id' | 'kind'>) {
  const file = await store.read(dataFile(entry));
  if (!file) throw new BackupError(`The automatic backup file ${dataFile(entry)} is missing. Nothing was changed.`, 'empty');
  return readBackupFile(await gunzipBlob(file));
}

/** An automatic backup as one validated Backup: the snapshot, plus the increment when it is one. */
export async function loadAutomaticBackup(store: BackupStore, entry: BackupEntry): Promise<Backup> {
  let raw = await readData(store, entry);
  if (entry.kind === 'incremental') raw = assembleIncrement(await readData(store, { id: entry.base!, kind: 'full' }), raw);
  return validateBackup(raw);
}

export interface AutoRestoreResult {
  plan: RestorePlan;
  /** The backup of what was here just before, to undo the restore (none when there was nothing to keep). */
  undo: BackupEntry | null;
}

/**
 * Replaces the collection with an automatic backup through the usual restore (one transaction,
 * all or nothing). What is here now is first backed up, unless it holds no reviews and no cards
 * of the user's own (a database that came back empty), so the restore can be undone.
 */
export async function restoreAutomaticBackup(
  db: FlashcardDatabase,
  store: BackupStore,
  entry: BackupEntry,
  o: { now: number; appVersion: string; onProgress?: (p: RestoreProgress) => void }
): Promise<AutoRestoreResult> {
  const backup = await loadAutomaticBackup(store, entry);
  const worthKeeping = (await db.reviewLogs.count()) > 0 || (await db.decks.filter((d) => d.source !== 'builtin').count()) > 0;
  const undo = worthKeeping ? await runAutomaticBackup(db, store, { now: o.now, appVersion: o.appVersion, protect: [entry.id] }) : null;
  const plan = await applyRestore(db, backup, 'replace', o.onProgress);
  return { plan, undo };
}
