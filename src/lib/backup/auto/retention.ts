import { dataFile, digestFile, metaFile, type BackupEntry } from './catalog';

/** Anki's habit: one backup for each of the last 7 days with one, and for each of the last 4 weeks. */
export interface RetentionPolicy {
  days: number;
  weeks: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { days: 7, weeks: 4 };

const localDay = (at: number) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
};

/** The local date of the Monday that starts the week of `at`. */
const localWeek = (at: number) => {
  const d = new Date(at);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return localDay(d.getTime());
};

/**
 * Which backups to keep: the newest of each of the last `days` days that have a backup, the
 * newest of each of the last `weeks` weeks, always the newest of all, the newest of every
 * database (so backups of a database that came back empty never push out the lost one's), and
 * the full snapshot every kept increment needs.
 */
export function backupsToKeep(entries: BackupEntry[], policy: RetentionPolicy = DEFAULT_RETENTION): Set<string> {
  const newestFirst = [...entries].sort((a, b) => b.createdAt - a.createdAt);
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  for (const [bucket, limit] of [
    [localDay, policy.days],
    [localWeek, policy.weeks]
  ] as const) {
    const seen = new Set<string>();
    for (const e of newestFirst) {
      const key = bucket(e.createdAt);
      if (seen.has(key)) continue;
      if (seen.size >= limit) break;
      seen.add(key);
      keep.add(e.id);
    }
  }
  const databases = new Set<string | null>();
  for (const e of newestFirst) {
    if (!databases.has(e.dbId)) keep.add(e.id);
    databases.add(e.dbId);
  }
  for (const e of newestFirst) if (keep.has(e.id) && e.kind === 'incremental' && e.base) keep.add(e.base);
  return keep;
}

/** Every file in the folder that no kept backup needs (older backups, cut-off writes). */
export function filesToDelete(names: string[], entries: BackupEntry[], keep: Set<string>, busy: Set<string> = new Set()): string[] {
  const needed = new Set<string>(busy);
  for (const e of entries) {
    if (!keep.has(e.id)) continue;
    needed.add(metaFile(e.id)).add(dataFile(e));
    if (e.kind === 'full') needed.add(digestFile(e.id));
  }
  return names.filter((n) => !needed.has(n));
}
