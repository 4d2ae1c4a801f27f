import { cardTextHash } from '../cards/stored-html';
import type { CardRow } from '../db/schema';

/** The study state of a card: its FSRS schedule plus burying (which is about study, not text). */
const STUDY_KEYS = ['due', 'stability', 'difficulty', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'state', 'lastReview', 'buriedUntil'] as const;

/**
 * One card present both here and in the backup.
 *
 * Content (text, tags, deck, order, suspended/flag/deleted...) comes from the side with the newer
 * `updatedAt`; on a tie this device's row is kept.
 *
 * Schedule: the side whose latest review (`lastReview`) is newer wins, whole. Both sides' review
 * logs are merged by id, so no review is lost, but we do not replay the merged log with ts-fsrs:
 * a replay would need the scheduler settings in force at each review and would re-draw the
 * fuzzed intervals, changing due dates the user already saw. The side with the most recent
 * review has seen at least its own latest answer, which dominates FSRS's memory state; when
 * both devices reviewed the card, the other device's older answers stay in the history (for
 * statistics and any future optimizer run) without moving the schedule.
 *
 * Returns `local` itself when nothing changes, so callers can skip the write.
 * `incoming` is a validated backup row, so it has no `rendered`.
 */
export function mergeCard(local: CardRow, incoming: CardRow): CardRow {
  const content = incoming.updatedAt > local.updatedAt ? incoming : local;
  const study = (incoming.lastReview ?? -Infinity) > (local.lastReview ?? -Infinity) ? incoming : local;
  if (content === local && study === local) return local;
  const merged: Record<string, unknown> = { ...content };
  // A backup carries no built-in HTML (see withoutStoredHtml); this device's stays while it was
  // made from the same text.
  if (content === incoming && local.rendered?.source === cardTextHash(incoming)) merged.rendered = local.rendered;
  const source = study as unknown as Record<string, unknown>;
  for (const key of STUDY_KEYS) {
    if (source[key] === undefined) delete merged[key];
    else merged[key] = source[key];
  }
  // `queue` is derived again by the gateway when the card is written.
  return merged as unknown as CardRow;
}
