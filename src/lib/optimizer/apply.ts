import Dexie from 'dexie';
import type { FSRS, FSRSHistory, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import type { CardInput } from '../db/derive';
import { transact } from '../db/gateway';
import { CardState, type CardRow, type ReviewLogRow, type Schedule } from '../db/schema';
import { LogIndex, Store } from '../db/stores';
import { createScheduler, fromFsrsCard, newSchedule, toFsrsCard } from '../srs/scheduler';
import { withRecordedBalance } from '../srs/balance/balanced-scheduler';
import type { StudySettings } from '../srs/settings';
import { loadSettings, saveSettingsWith } from '../srs/settings-store';

/**
 * Applying personal weights: the settings change, then every studied card's schedule is
 * recomputed by replaying its own review log with ts-fsrs `reschedule`. Review logs are only
 * read, never written. Cards are processed in batches, each batch one transaction (a card and
 * the logs it was computed from are read and written together). The weights in force before are
 * kept so the change can be undone, and a "reschedule pending" marker is written with the new
 * weights and cleared at the end, so an interrupted run can be finished later.
 */

/** Settings-table key of the undo record. */
export const UNDO_KEY = 'fsrs-optimizer';
/** Settings-table key present while cards still have to be rescheduled for the current weights. */
export const PENDING_KEY = 'fsrs-reschedule-pending';

export interface UndoRecord {
  /** Weights in force before the last apply (null = ts-fsrs defaults). */
  previousWeights: number[] | null;
  appliedWeights: number[];
  appliedAt: number;
}

export interface RescheduleReport {
  /** Cards whose schedule changed. */
  changed: number;
  /** Studied cards looked at. */
  replayed: number;
  /** Cards left alone because their stored schedule does not match their log (history incomplete). */
  skipped: number;
}

export type Progress = (done: number, total: number) => void;

const BATCH = 200;

export async function loadUndo(db: FlashcardDatabase): Promise<UndoRecord | null> {
  return ((await db.settings.get(UNDO_KEY))?.value as UndoRecord | undefined) ?? null;
}

export async function reschedulePending(db: FlashcardDatabase): Promise<boolean> {
  return (await db.settings.get(PENDING_KEY)) !== undefined;
}

/**
 * The schedule a card gets from replaying its log (sorted by time) with `scheduler`, starting
 * at its last answer given as a New card. Null when there is nothing to replay. The last answer's
 * load-balanced day is kept when the new parameters give the same fuzzed interval (as sync's
 * replay does); new choices are not made here: a day chosen against this device's load would be
 * in no log, and sync's replay could not rebuild it (docs/ARCHITECTURE.md "Load balancing").
 */
export function replaySchedule(scheduler: FSRS, logs: readonly ReviewLogRow[]): Schedule | null {
  const graded = logs.filter((l) => l.rating >= 1 && l.rating <= 4);
  let start = 0;
  graded.forEach((l, i) => {
    if (l.state === CardState.New) start = i;
  });
  const history: FSRSHistory[] = graded.slice(start).map((l) => ({ rating: l.rating as Grade, review: new Date(l.review) }));
  if (history.length === 0) return null;
  const first = newSchedule(graded[start].review);
  const { collections } = scheduler.reschedule(toFsrsCard(first), history, {
    first_card: toFsrsCard(first),
    skipManual: true,
    update_memory_state: true,
    now: new Date(graded[graded.length - 1].review)
  });
  return fromFsrsCard(withRecordedBalance(collections[collections.length - 1].card, graded[graded.length - 1]));
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return (
    a.due === b.due &&
    a.stability === b.stability &&
    a.difficulty === b.difficulty &&
    a.scheduledDays === b.scheduledDays &&
    a.learningSteps === b.learningSteps &&
    a.reps === b.reps &&
    a.lapses === b.lapses &&
    a.state === b.state &&
    a.lastReview === b.lastReview
  );
}

/** Recomputes the schedule of every studied card for `settings`. Only schedule fields (and the derived queue) change. */
export async function rescheduleAll(db: FlashcardDatabase, settings: StudySettings, onProgress?: Progress): Promise<RescheduleReport> {
  const scheduler = createScheduler(settings);
  const ids = (await db.cards.orderBy(':id').primaryKeys()) as string[];
  const report: RescheduleReport = { changed: 0, replayed: 0, skipped: 0 };
  onProgress?.(0, ids.length);
  for (let from = 0; from < ids.length; from += BATCH) {
    const batchIds = ids.slice(from, from + BATCH);
    await transact(db, [Store.cards, Store.reviewLogs], async (w) => {
      const cards = (await db.cards.bulkGet(batchIds)).filter((c): c is CardRow => c !== undefined && c.state !== CardState.New);
      if (cards.length === 0) return;
      const logs = await db.reviewLogs
        .where(LogIndex.cardReview)
        .between([batchIds[0], Dexie.minKey], [batchIds[batchIds.length - 1], Dexie.maxKey], true, true)
        .toArray();
      const byCard = new Map<string, ReviewLogRow[]>();
      for (const log of logs) {
        const list = byCard.get(log.cardId);
        if (list) list.push(log);
        else byCard.set(log.cardId, [log]);
      }
      const updates: CardInput[] = [];
      for (const card of cards) {
        const history = byCard.get(card.id);
        if (!history?.length) continue;
        report.replayed++;
        // A card whose last answer is not its last log entry was changed outside the log; leave it.
        if (card.lastReview !== history[history.length - 1].review) {
          report.skipped++;
          continue;
        }
        const schedule = replaySchedule(scheduler, history);
        if (!schedule || sameSchedule(schedule, card)) continue;
        updates.push({ ...card, ...schedule });
      }
      if (updates.length) await w.putCardSchedules(updates);
      report.changed += updates.length;
    });
    onProgress?.(Math.min(from + BATCH, ids.length), ids.length);
  }
  await transact(db, [Store.settings], (w) => w.deleteSetting(PENDING_KEY));
  return report;
}

function validWeights(weights: readonly number[]): boolean {
  return weights.length === 21 && weights.every((w) => Number.isFinite(w));
}

/** Saves `weights` (keeping the ones in force for undo) and reschedules every studied card with them. */
export async function applyWeights(db: FlashcardDatabase, weights: number[], onProgress?: Progress, now = Date.now()): Promise<RescheduleReport> {
  if (!validWeights(weights)) throw new Error('The computed parameters are not 21 finite numbers; nothing was changed.');
  const settings = await transact(db, [Store.settings], async (w) => {
    const previous = await loadSettings(db);
    const undo: UndoRecord = { previousWeights: previous.weights, appliedWeights: [...weights], appliedAt: now };
    await w.putSetting(UNDO_KEY, undo);
    await w.putSetting(PENDING_KEY, { since: now });
    return saveSettingsWith(db, w, { weights: [...weights] });
  });
  return rescheduleAll(db, settings, onProgress);
}

/** Puts back the weights in force before the last apply and reschedules with them. */
export async function revertWeights(db: FlashcardDatabase, onProgress?: Progress, now = Date.now()): Promise<RescheduleReport> {
  const settings = await transact(db, [Store.settings], async (w) => {
    const undo = await loadUndo(db);
    if (!undo) throw new Error('There is nothing to undo.');
    await w.deleteSetting(UNDO_KEY);
    await w.putSetting(PENDING_KEY, { since: now });
    return saveSettingsWith(db, w, { weights: undo.previousWeights });
  });
  return rescheduleAll(db, settings, onProgress);
}

/** Finishes an interrupted reschedule with the weights now in settings. */
export async function finishPending(db: FlashcardDatabase, onProgress?: Progress): Promise<RescheduleReport> {
  return rescheduleAll(db, await loadSettings(db), onProgress);
}
