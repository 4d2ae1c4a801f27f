import type { TableCounts } from '../format';
import type { BackupStore } from './store';

export type BackupKind = 'full' | 'incremental';

/**
 * What the folder knows about one automatic backup, in `<id>.meta.json`. The meta file is
 * written last, so a backup without one was cut off and does not count.
 */
export interface BackupEntry {
  /** Sortable time stamp, also the start of every file name of this backup. */
  id: string;
  kind: BackupKind;
  /** When the backup was taken (epoch ms). */
  createdAt: number;
  /** Incremental: the full snapshot it applies to. */
  base?: string;
  /** The database it was taken from (settings row `database-id`). */
  dbId: string | null;
  appVersion: string;
  /** Compressed bytes of the data file (plus the digest of a full snapshot). */
  size: number;
  /** Rows of the whole collection this backup restores (snapshot plus increment). */
  totals: TableCounts;
  /** The newest review-log id in it: what "changed since" is measured from. */
  latestLogId: string | null;
}

export const dataFile = (e: Pick<BackupEntry, 'id' | 'kind'>) => `${e.id}.${e.kind}.json.gz`;
/** A full snapshot's fingerprint of every card and media id, to find what changed since. */
export const digestFile = (id: string) => `${id}.digest.json.gz`;
export const metaFile = (id: string) => `${id}.meta.json`;

/** `20261205T143325123Z`: sorts by time as text. */
export function backupId(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

/** The complete backups in the folder, newest first. */
export async function listBackups(store: BackupStore): Promise<BackupEntry[]> {
  const names = new Set(await store.list());
  const entries: BackupEntry[] = [];
  for (const name of names) {
    if (!name.endsWith('.meta.json')) continue;
    try {
      const entry = JSON.parse(await (await store.read(name))!.text()) as BackupEntry;
      if (!names.has(dataFile(entry))) continue;
      if (entry.kind === 'full' && !names.has(digestFile(entry.id))) continue;
      entries.push(entry);
    } catch {
      // A damaged meta file: the backup is not listed, and pruning removes its files.
    }
  }
  const complete = new Set(entries.map((e) => e.id));
  return entries.filter((e) => e.kind === 'full' || complete.has(e.base!)).sort((a, b) => b.createdAt - a.createdAt);
}

/** The backup to offer after the database was lost: the newest one of that database, else the newest. */
export function newestFor(entries: BackupEntry[], dbId: string | null): BackupEntry | null {
  return entries.find((e) => dbId && e.dbId === dbId) ?? entries[0] ?? null;
}
