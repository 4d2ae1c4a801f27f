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

/** Writes the marker from the database as it is now (after writes, a restore, or "Start fresh"). */
export async function recordDatabaseState(source: Readable, force = false): Promise<void> {
  if (databaseReset.loss && !force) return;
  const [{ dbId, latestLogId }, { cards, reviews }] = await Promise.all([readDatabaseState(source), readDatabaseCounts(source)]);
  if (!dbId) return;
  await writeMarker({ dbId, latestLogId, reviews, cards, at: Date.now() });
  if (force) databaseReset.loss = null;
}
