import type { FSRS } from 'ts-fsrs';
import type { FlashcardDatabase } from '../../db/database';
import { transact } from '../../db/gateway';
import type { DeckRow, ReviewLogRow, SettingRow } from '../../db/schema';
import { LogIndex, Store } from '../../db/stores';
import { createScheduler } from '../../srs/scheduler';
import { settingsForDeck, STUDY_SETTINGS_KEY, studySettingsFrom } from '../../srs/settings';
import { replaySchedules } from './replay';
import { stepSize } from '../../backup/pages';
import type { LocalDatabase } from './wire';

/** Cards replayed per transaction (with their logs: about ten each in a studied collection). */
const PAGE = 400;
/** A local-only document of the local copy: every card must be replayed, those up to `after` are done. */
const PASS_ID = '_local/replay-all';

export interface ReplayPass {
  /** The last card id replayed ('' before the first page). */
  after: string;
}

export async function pendingReplayPass(local: LocalDatabase): Promise<ReplayPass | null> {
  try {
    return { after: ((await local.get(PASS_ID)) as unknown as ReplayPass).after };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** Records that every card must be replayed from `after` on (saved before the pull writes anything it leaves to the pass). */
export async function saveReplayPass(local: LocalDatabase, pass: ReplayPass): Promise<void> {
  let rev: string | undefined;
  try {
    rev = (await local.get(PASS_ID))._rev;
  } catch {
    rev = undefined;
  }
  await local.put({ _id: PASS_ID, ...(rev ? { _rev: rev } : {}), after: pass.after });
}

/**
 * Rebuilds every card's schedule from its merged log, a page of cards at a time in id order:
 * the page's logs are one range of the [cardId+review] index (cards and their logs sort alike),
 * so each card is read and replayed once however many batches of the pull its logs came in.
 * The position is saved after each page: a crash resumes at the next one. Memory holds one page.
 */
export async function replayEveryCard(
  db: FlashcardDatabase,
  local: LocalDatabase,
  pass: ReplayPass,
  onPage?: (cards: number) => void,
  page = PAGE
): Promise<number> {
  let after = pass.after;
  let changed = 0;
  for (;;) {
    const size = stepSize(page); // smaller while someone studies (sync.worker.ts)
    const done = await transact(
      db,
      [Store.cards, Store.reviewLogs, Store.decks, Store.settings],
      async (w) => {
        const cards = await (after ? db.cards.where(':id').above(after) : db.cards.toCollection()).limit(size).toArray();
        if (!cards.length) return null;
        const first = cards[0].id;
        const last = cards[cards.length - 1].id;
        const logs = await db.reviewLogs.where(LogIndex.cardReview).between([first, -Infinity], [last, Infinity], true, true).toArray();
        const byCard = new Map<string, ReviewLogRow[]>();
        for (const log of logs) {
          const list = byCard.get(log.cardId);
          if (list) list.push(log);
          else byCard.set(log.cardId, [log]);
        }
        const answered = cards.filter((c) => byCard.has(c.id));
        const deckIds = [...new Set(answered.map((c) => c.deckId))];
        const schedulerFor = deckSchedulers(await db.settings.get(STUDY_SETTINGS_KEY), deckIds, await db.decks.bulkGet(deckIds));
        const updates = replaySchedules(answered, (id) => byCard.get(id) ?? [], schedulerFor);
        if (updates.length) await w.putCardSchedules(updates);
        return { last, count: cards.length, changed: updates.length };
      },
      { origin: 'sync' }
    );
    if (!done) break;
    after = done.last;
    changed += done.changed;
    await saveReplayPass(local, { after });
    onPage?.(done.count);
  }
  await finishReplayPass(local);
  return changed;
}

async function finishReplayPass(local: LocalDatabase): Promise<void> {
  const doc = await local.get(PASS_ID);
  await local.put({ _id: PASS_ID, _rev: doc._rev, _deleted: true });
}

/** One scheduler per deck (its own limits), from the study settings row and the decks read (synchronous: no await inside a transaction). */
export function deckSchedulers(
  settingsRow: SettingRow | undefined,
  deckIds: readonly string[],
  decks: readonly (DeckRow | undefined)[]
): (deckId: string) => FSRS {
  const settings = studySettingsFrom(settingsRow);
  const schedulers = new Map(deckIds.map((id, k) => [id, createScheduler(settingsForDeck(settings, decks[k]))]));
  return (deckId) => schedulers.get(deckId) ?? createScheduler(settings);
}
