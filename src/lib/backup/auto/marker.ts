import type { DatabaseState } from './database-state';

/**
 * The last known state of the collection, kept outside IndexedDB (localStorage, and a copy in
 * OPFS) and updated after writes, so that a database that comes back empty, replaced or older
 * is noticed at start-up instead of being shown as the user's collection.
 */
export interface DatabaseMarker {
  dbId: string;
  latestLogId: string | null;
  /** Rows counted at `countedAt` (after a backup, a restore, or the first start). */
  reviews: number;
  cards: number;
  countedAt?: number;
  /** When the marker was last written (epoch ms). */
  at: number;
}

export type LossKind = 'lost' | 'replaced' | 'rolled-back';

export type Verdict =
  /** No marker: a new user (or one from before markers existed). Nothing to say. */
  | { kind: 'first-run' }
  | { kind: 'ok' }
  /**
   * lost: the database has no id (it was deleted and has just been created again);
   * replaced: it has another id (recreated earlier, on a previous visit);
   * rolled-back: same database, but its newest answer is older than the last one recorded.
   */
  | { kind: LossKind; marker: DatabaseMarker };

export function compareWithMarker(marker: DatabaseMarker | null, state: DatabaseState): Verdict {
  if (!marker) return { kind: 'first-run' };
  if (!state.dbId) return { kind: 'lost', marker };
  if (state.dbId !== marker.dbId) return { kind: 'replaced', marker };
  // UUIDv7 ids sort by time as text.
  if (marker.latestLogId && (!state.latestLogId || state.latestLogId < marker.latestLogId)) return { kind: 'rolled-back', marker };
  return { kind: 'ok' };
}

export function isLoss(v: Verdict): v is Extract<Verdict, { marker: DatabaseMarker }> {
  return v.kind === 'lost' || v.kind === 'replaced' || v.kind === 'rolled-back';
}

export function parseMarker(text: string | null): DatabaseMarker | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as DatabaseMarker;
    return typeof m?.dbId === 'string' && typeof m.reviews === 'number' ? m : null;
  } catch {
    return null;
  }
}
