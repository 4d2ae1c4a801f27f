import type { FlashcardDatabase } from '../../db/database';
import type { CardRow, MediaRow, ReviewLogRow } from '../../db/schema';
import { BACKUP_FORMAT, BACKUP_VERSION, withoutStoredHtml, type BackupTables } from '../format';
import type { IncrementInfo } from './assemble';
import { backupId, dataFile, digestFile, metaFile, type BackupEntry } from './catalog';
import { rowHash, type SnapshotDigest } from './digest';
import { encodeBackup } from './encode';
import { gunzipBlob, gzipBlob } from './gzip';
import { forEachPage } from '../pages';
import { PAGE_SIZE, type AutoBackupOptions } from './snapshot';
import { assertUnchanged, fingerprint } from './stable-read';
import type { BackupStore } from './store';

/** An increment larger than this share of its snapshot is not worth it (and held in memory): take a new snapshot. */
const MAX_SHARE = 0.2;

/**
 * Everything that changed since the full snapshot `base`: all decks and settings (few rows),
 * the cards whose row differs from the snapshot's digest or is new, and the review-log rows
 * and media added since. Returns 'needs-full' when changes cannot be expressed that way
 * (cards, media or older review-log rows were removed, or the increment would be large).
 */
export async function writeIncrement(db: FlashcardDatabase, store: BackupStore, base: BackupEntry, o: AutoBackupOptions): Promise<BackupEntry | 'needs-full'> {
  const digestBlob = await store.read(digestFile(base.id));
  if (!digestBlob) return 'needs-full';
  const digest = JSON.parse(await (await gunzipBlob(digestBlob)).text()) as SnapshotDigest;
  const pageSize = o.pageSize ?? PAGE_SIZE;
  const before = await fingerprint(db);

  // The snapshot's review-log rows must all still be here (undo of an older answer or a merge
  // of older rows changes this count).
  const olderLogs = base.latestLogId ? await db.reviewLogs.where(':id').belowOrEqual(base.latestLogId).count() : 0;
  if (olderLogs !== base.totals.reviewLogs) return 'needs-full';

  const tables: BackupTables = { decks: [], cards: [], reviewLogs: [], settings: [], media: [] };
  [tables.decks, tables.settings] = await Promise.all([db.decks.toArray(), db.settings.toArray()]);

  const snapshotCards = Object.keys(digest.cards).length;
  let kept = 0;
  await forEachPage<CardRow>(
    db.cards,
    pageSize,
    (rows) => {
      for (const stored of rows) {
        const card = withoutStoredHtml(stored);
        const known = digest.cards[card.id];
        if (known !== undefined) kept++;
        if (known !== rowHash(JSON.stringify(card))) tables.cards.push(card);
      }
    },
    { yieldBetween: true }
  );
  if (kept !== snapshotCards) return 'needs-full';

  await forEachPage<ReviewLogRow>(db.reviewLogs, pageSize, (rows) => tables.reviewLogs.push(...rows), {
    after: base.latestLogId ?? undefined,
    yieldBetween: true
  });

  const mediaIds = (await db.media.toCollection().primaryKeys()) as string[];
  const snapshotMedia = new Set(digest.media);
  if (mediaIds.filter((id) => snapshotMedia.has(id)).length !== snapshotMedia.size) return 'needs-full';
  tables.media = (await db.media.bulkGet(mediaIds.filter((id) => !snapshotMedia.has(id)))) as MediaRow[];

  await assertUnchanged(db, before);
  const changed = tables.cards.length + tables.reviewLogs.length + tables.media.length;
  const snapshotRows = base.totals.cards + base.totals.reviewLogs + base.totals.media;
  if (changed > Math.max(1000, snapshotRows * MAX_SHARE)) return 'needs-full';

  const info: IncrementInfo = { base: base.id, totals: before.counts };
  const header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date(o.now).toISOString(), appVersion: o.appVersion } as const;
  const data = await gzipBlob(await encodeBackup(header, tables, { increment: info }));
  const entry: BackupEntry = {
    id: backupId(o.now),
    kind: 'incremental',
    createdAt: o.now,
    base: base.id,
    dbId: o.dbId,
    appVersion: o.appVersion,
    size: data.size,
    totals: before.counts,
    latestLogId: before.latestLogId
  };
  await store.write(dataFile(entry), data);
  await store.write(metaFile(entry.id), JSON.stringify(entry));
  return entry;
}
