import type { Readable } from '../../db/raw';
import { readDatabaseCounts, readDatabaseState } from './database-state';
import { compareWithMarker, isLoss, type DatabaseMarker, type LossKind, type Verdict } from './marker';
import { readMarker, writeMarker } from './marker-store';

/**
 * What start-up found: set when the database came back empty, replaced or older than the
 * marker says. While it is set, the marker is not overwritten and no automatic backup is
 * written, so the lost collection's backups stay the ones offered, until the user restores or
 * chooses to start fresh.
 */
export const databaseReset = $state<{ loss: { kind: LossKind; marker: DatabaseMarker } | null }>({ loss: null });

/** Compares the database with the marker; cheap reads only (one settings row, one key). */
export async function checkDatabase(source: Readable): Promise<Verdict> {
  const [state, marker] = await Promise.all([readDatabaseState(source), readMarker()]);
  const verdict = compareWithMarker(marker, state);
  if (isLoss(verdict)) databaseReset.loss = { kind: verdict.kind, marker: verdict.marker };
  return verdict;
}

export interface RecordOptions {
  /** Also when a loss is pending: the user restored or chose to start fresh. */
  force?: boolean;
  /** Counts already known (an automatic backup just counted every table). */
  counts?: { cards: number; reviews: number };
  /**
   * After answers: keep the counts of the previous marker (with their date) and record only the
   * newest answer. Counting a 400k-row store right after an answer would hold up the next
   * answer's write (a read transaction delays writes to the same stores); the automatic backup
   * counts in idle time and refreshes them.
   */
  keepCounts?: boolean;
}

/** Writes the marker from the database as it is now (after writes, a restore, or "Start fresh"). */
export async function recordDatabaseState(source: Readable, o: RecordOptions = {}): Promise<void> {
  if (databaseReset.loss && !o.force) return;
  const { dbId, latestLogId } = await readDatabaseState(source);
  if (!dbId) return;
  const previous = o.keepCounts ? await readMarker() : null;
  let counted: Pick<DatabaseMarker, 'cards' | 'reviews' | 'countedAt'>;
  if (previous?.dbId === dbId) counted = { cards: previous.cards, reviews: previous.reviews, countedAt: previous.countedAt ?? previous.at };
  else counted = { ...(o.counts ?? (await readDatabaseCounts(source))), countedAt: Date.now() };
  await writeMarker({ dbId, latestLogId, ...counted, at: Date.now() });
  if (o.force) databaseReset.loss = null;
}
