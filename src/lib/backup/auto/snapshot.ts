import type { FlashcardDatabase } from '../../db/database';
import { createBackup } from '../write';
import { backupId, dataFile, digestFile, metaFile, type BackupEntry } from './catalog';
import { rowHash, type SnapshotDigest } from './digest';
import { gzipBlob, gzipWriter } from './gzip';
import { assertUnchanged, fingerprint } from './stable-read';
import type { BackupStore } from './store';

export interface AutoBackupOptions {
  now: number;
  appVersion: string;
  dbId: string | null;
  /** Rows per read transaction (PAGE_SIZE). */
  pageSize?: number;
}

/**
 * Rows per read: small, so that each page (read, checked, turned into JSON) is a short task
 * and a key press never waits long for the main thread.
 */
export const PAGE_SIZE = 200;

/** A full snapshot in the usual backup format (write.ts), gzipped, with its digest for later increments. */
export async function writeSnapshot(db: FlashcardDatabase, store: BackupStore, o: AutoBackupOptions): Promise<BackupEntry> {
  const before = await fingerprint(db);
  const digest: SnapshotDigest = { cards: {}, media: [] };
  const gzip = gzipWriter();
  let result: Awaited<ReturnType<typeof createBackup>>;
  try {
    result = await createBackup(db, {
      appVersion: o.appVersion,
      now: new Date(o.now),
      pageSize: o.pageSize ?? PAGE_SIZE,
      transactionPerPage: true,
      onText: (text) => gzip.write(text),
      onRow: (table, row, json) => {
        if (table === 'cards') digest.cards[(row as { id: string }).id] = rowHash(json);
        else if (table === 'media') digest.media.push((row as { id: string }).id);
      }
    });
  } catch (error) {
    gzip.abort();
    throw error;
  }
  const data = await gzip.finish();
  await assertUnchanged(db, before);
  const digestData = await gzipBlob(new Blob([JSON.stringify(digest)]));
  const entry: BackupEntry = {
    id: backupId(o.now),
    kind: 'full',
    createdAt: o.now,
    dbId: o.dbId,
    appVersion: o.appVersion,
    size: data.size + digestData.size,
    totals: result.counts,
    latestLogId: before.latestLogId
  };
  await store.write(dataFile(entry), data);
  await store.write(digestFile(entry.id), digestData);
  await store.write(metaFile(entry.id), JSON.stringify(entry));
  return entry;
}
