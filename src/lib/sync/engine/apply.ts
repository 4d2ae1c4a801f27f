import Dexie from 'dexie';
import type { FlashcardDatabase } from '../../db/database';
import type { CardInput } from '../../db/derive';
import { transact } from '../../db/gateway';
import type { CardRow, MediaRow, ReviewLogRow } from '../../db/schema';
import { CardIndex, DATA_STORES, LogIndex, MediaIndex } from '../../db/stores';
import { pickSchedule } from '../../srs/scheduler';
import { STUDY_SETTINGS_KEY } from '../../srs/settings';
import { cardFromBody, deckFromBody, mergeFields, valueOf, type Body, type CardBody, type DeckBody, type Fields, type SettingBody } from './documents';
import { replaySchedules } from './replay';
import { stepSize } from '../../backup/pages';
import { deckSchedulers, pendingReplayPass, replayEveryCard, saveReplayPass } from './replay-all';
import type { LocalDatabase, Wire, WireDoc } from './wire';

/** Changes of the local copy read and applied per transaction. */
const BATCH = 1000;
/** From this many changes to apply (and more than the device has cards), every card is replayed once at the end instead of per batch. */
const REPLAY_ALL_FROM = 5000;
const CHECKPOINT_ID = '_local/applied';

/** Sizes the tests make small (several batches and pages out of a few documents). */
export interface ApplyOptions {
  batch?: number;
  replayAllFrom?: number;
  replayPage?: number;
}

/**
 * Applies what replication brought into sync's local copy to the app's database, through the
 * write gateway (origin 'sync': not fed back to the change feed), a batch per transaction, in the
 * local copy's change order. Conflicting revisions of a document (two devices wrote it offline)
 * are merged field by field first, and the merge written back, so every device resolves them the
 * same way. The local copy's position is saved after each batch: a crash re-applies at most one
 * batch, which changes nothing the second time. Returns how many documents were applied.
 *
 * Schedules: a small pull replays the cards it touches in each batch's own transaction. A large
 * one (a new device: a card's answers are spread over the whole pull, in time order) would replay
 * each card once per answer; it records a replay pass first (replay-all.ts), writes the batches
 * without replaying, then replays every card once from its whole log. A crash at any point
 * resumes the pull, then the pass, where they stopped.
 */
export async function applyPulled(
  db: FlashcardDatabase,
  local: LocalDatabase,
  wire: Wire,
  onProgress?: (done: number, total: number | null) => void,
  options: ApplyOptions = {}
): Promise<number> {
  let since = await checkpoint(local);
  let applied = 0;
  // For the progress bar: the local copy's sequence numbers still to read (at most one change per document).
  const end = (await local.info()).update_seq;
  const pending = typeof end === 'number' && typeof since === 'number' ? end - since : null;
  let pass = await pendingReplayPass(local);
  const large = pending !== null && pending >= (options.replayAllFrom ?? REPLAY_ALL_FROM) && pending > (await db.cards.count());
  // New changes may touch cards an interrupted pass had done already: it starts over after them.
  if ((large || pass) && pending !== 0) await saveReplayPass(local, (pass = { after: '' }));
  const cards = pass ? await db.cards.count() : 0;
  const total = pending === null ? null : pending + cards;
  let read = 0;
  for (;;) {
    const limit = options.batch ?? stepSize(BATCH);
    const { results, last_seq } = await local.changes({ since, limit, include_docs: true, conflicts: true, attachments: true, binary: true });
    if (!results.length) break;
    const bodies: Item[] = [];
    for (const change of results) {
      if (!change.doc || change.id.startsWith('_design/')) continue;
      const doc = change.doc._conflicts?.length ? await resolveConflicts(local, wire, change.doc) : change.doc;
      const body = await wire.decode(doc); // deletions keep their body (push.ts)
      if (body) bodies.push({ body, deleted: !!doc._deleted, doc });
    }
    bodies.push(...(await missingDecks(db, local, wire, bodies)));
    // Files are decrypted before the transaction: waiting for WebCrypto inside it would end it.
    const files = new Map<string, Blob>();
    for (const { body, deleted, doc } of bodies) {
      const data = doc._attachments?.data?.data;
      if (body.t === 'media' && !deleted && data instanceof Blob) files.set(doc._id, await wire.decodeFile(doc._id, data, body.row.mime));
    }
    await applyBodies(db, bodies, files, !pass);
    applied += bodies.length;
    read += results.length;
    since = last_seq;
    await saveCheckpoint(local, since);
    onProgress?.(read, total === null ? null : Math.max(total, read));
  }
  if (pass) {
    // The cards counted at the start may have grown with the pull: the bar's total follows.
    const all = read + (await db.cards.count());
    let replayed = 0;
    await replayEveryCard(db, local, pass, (n) => onProgress?.(read + (replayed += n), Math.max(all, read + replayed)), options.replayPage);
  }
  return applied;
}

/**
 * The decks of this batch's cards that neither the app's database nor the batch has: a deck
 * changed after its cards comes later in the change order (a new device would otherwise skip
 * those cards as belonging to a deleted deck). Read from the local copy; a deleted deck stays out.
 */
async function missingDecks(db: FlashcardDatabase, local: LocalDatabase, wire: Wire, bodies: { body: Body }[]): Promise<Item[]> {
  const inBatch = new Set(bodies.flatMap(({ body }) => (body.t === 'deck' ? [body.id] : [])));
  const wanted = new Set<string>();
  for (const { body } of bodies) if (body.t === 'card' && !inBatch.has(body.deckId)) wanted.add(body.deckId);
  const missing: string[] = [];
  for (const id of wanted) if (!(await db.decks.get(id))) missing.push(id);
  if (!missing.length) return [];
  const found = await local.allDocs({ keys: await Promise.all(missing.map((id) => wire.id('deck', id))), include_docs: true, conflicts: true });
  const decks: Item[] = [];
  for (const row of found.rows) {
    if (!row.doc || row.value?.deleted) continue;
    const doc = row.doc._conflicts?.length ? await resolveConflicts(local, wire, row.doc) : row.doc;
    const body = await wire.decode(doc);
    if (body?.t === 'deck') decks.push({ body, deleted: !!doc._deleted, doc });
  }
  return decks;
}

/**
 * Runs `push` (this device's changes into the local copy) and, when everything in the local copy
 * had been applied before it, moves the applied position past what it wrote: those documents came
 * from the app's database, so applying them back would only read them all again (the whole
 * collection after a first upload). Safe because nothing else writes the local copy meanwhile:
 * replication runs after the push, and other tabs wait for the sync lock (tab-lock.ts).
 */
export async function pushThenSkipOwn<T>(local: LocalDatabase, push: () => Promise<T>): Promise<T> {
  const caughtUp = (await checkpoint(local)) === (await local.info()).update_seq;
  const result = await push();
  if (caughtUp) await saveCheckpoint(local, (await local.info()).update_seq);
  return result;
}

async function checkpoint(local: LocalDatabase): Promise<number | string> {
  try {
    return ((await local.get(CHECKPOINT_ID)) as unknown as { seq: number | string }).seq;
  } catch {
    return 0;
  }
}

async function saveCheckpoint(local: LocalDatabase, seq: number | string): Promise<void> {
  let rev: string | undefined;
  try {
    rev = (await local.get(CHECKPOINT_ID))._rev;
  } catch {
    rev = undefined;
  }
  await local.put({ _id: CHECKPOINT_ID, ...(rev ? { _rev: rev } : {}), seq });
}

/** Two devices wrote the same document offline: merge every leaf field by field, keep one revision. */
async function resolveConflicts(local: LocalDatabase, wire: Wire, winner: WireDoc): Promise<WireDoc> {
  const losers = await Promise.all(winner._conflicts!.map((rev) => local.get(winner._id, { rev, attachments: true, binary: true })));
  const leaves = [winner, ...losers];
  const bodies = await Promise.all(leaves.map((d) => (d._deleted ? null : wire.decode(d))));
  const first = bodies.find((b) => b && 'f' in b) as CardBody | DeckBody | SettingBody | undefined;
  let merged: WireDoc = winner;
  if (first) {
    let f: Fields = {};
    for (const b of bodies) if (b && 'f' in b) f = mergeFields(f, b.f);
    const { _conflicts: _c, body: _b, enc: _e, ...rest } = winner;
    merged = { ...rest, _deleted: false, ...(await wire.encode(winner._id, { ...first, f } as Body)) };
  }
  // Keep the merge on the winning revision and close the others (deleting a leaf ends that branch).
  const writes: WireDoc[] = [...(first ? [merged] : []), ...losers.map((l) => ({ _id: l._id, _rev: l._rev, _deleted: true }))];
  const results = await local.bulkDocs(writes);
  const failed = results.find((r) => r.error);
  if (failed) throw new Error(`sync could not settle a conflict on ${failed.id}: ${failed.error}`);
  return merged;
}

type Item = { body: Body; deleted: boolean; doc: WireDoc };

/**
 * Writes one batch in one gateway transaction: reads of what the device has are one bulk read
 * per store, writes one bulk write per store. Every card a log document of the batch touches
 * (new, already here after a crash, or undone) and every new card is replayed in the same
 * transaction (`replayNow`), so a crash never leaves logs without their schedule; with
 * `replayNow` false (a large pull, replay-all.ts replays every card afterwards) only the cards
 * an undo touched are, since the schedule an undo returns to is known only here.
 */
async function applyBodies(db: FlashcardDatabase, items: Item[], files: Map<string, Blob>, replayNow: boolean): Promise<void> {
  const now = Date.now();
  const of = <T extends Body['t']>(t: T) => items.filter((i): i is Item & { body: Extract<Body, { t: T }> } => i.body.t === t);
  await transact(
    db,
    DATA_STORES,
    async (w) => {
      // Decks first (a new deck's cards need it), then settings, cards, logs and media.
      for (const { body, deleted } of of('deck')) {
        const local = await db.decks.get(body.id);
        const next = deleted ? 'deleted' : deckFromBody(local, body);
        if (next === 'deleted') {
          if (!local || local.source === 'builtin') continue; // built-in decks are hidden, never deleted
          const cards = (await db.cards.where(CardIndex.deckId).equals(body.id).primaryKeys()) as string[];
          const media = (await db.media.where(MediaIndex.deckId).equals(body.id).primaryKeys()) as string[];
          await w.deleteCards(cards.map((id) => ({ id, deckId: body.id })));
          await w.deleteMedia(media.map((id) => ({ id, deckId: body.id })));
          await w.deleteDeck(body.id);
        } else if (next && JSON.stringify(next) !== JSON.stringify(local)) await w.putDecks([next]);
      }
      for (const { body } of of('setting')) {
        if (body.key !== STUDY_SETTINGS_KEY) continue;
        const current = ((await db.settings.get(body.key))?.value ?? {}) as Record<string, unknown>;
        const next = { ...current };
        for (const key of Object.keys(body.f)) next[key] = valueOf(body.f, key);
        if (JSON.stringify(next) !== JSON.stringify(current)) await w.putSetting(body.key, next);
      }

      // Cards: what changed, kept in hand until their schedules are replayed (each card written once).
      const cardItems = of('card');
      const localCards = await db.cards.bulkGet(cardItems.map((i) => i.body.id));
      const newDecks = [...new Set(cardItems.filter((_, k) => !localCards[k]).map((i) => i.body.deckId))];
      const deckExists = new Set((await db.decks.bulkGet(newDecks)).flatMap((d) => (d ? [d.id] : [])));
      const changed = new Map<string, CardInput>();
      const removed: CardRow[] = [];
      const replay = new Set<string>();
      cardItems.forEach(({ body, deleted }, k) => {
        const local = localCards[k];
        if (deleted) {
          if (local) removed.push(local);
          return;
        }
        if (!local && !deckExists.has(body.deckId)) return; // its deck was deleted
        const next = cardFromBody(local, body, now);
        if (!next) return;
        // A card with no log takes the schedule it was sent with (an imported schedule).
        const sent = valueOf(body.f, 'schedule');
        if (sent && !local) Object.assign(next, sent);
        if (!local || JSON.stringify(next) !== JSON.stringify(local)) changed.set(body.id, next);
        if (!local && replayNow) replay.add(body.id);
      });
      if (removed.length) await w.deleteCards(removed);

      // Logs: added by id (never twice), removed by undo. Per card, the schedule before its
      // earliest answer removed here: what it returns to when no answer is left.
      const logItems = of('log');
      const localLogs = await db.reviewLogs.bulkGet(logItems.map((i) => i.body.row.id));
      const added = new Map<string, ReviewLogRow>();
      const before = new Map<string, ReviewLogRow>();
      for (const [k, { body, deleted }] of logItems.entries()) {
        const local = localLogs[k];
        if (deleted) {
          if (!local) continue;
          await w.deleteLog(local);
          replay.add(local.cardId);
          const earliest = before.get(local.cardId);
          if (!earliest || local.review < earliest.review) before.set(local.cardId, local);
        } else {
          if (!local) added.set(body.row.id, body.row as ReviewLogRow);
          // Replayed even when the row is here already: a crash may have come between its write and its replay.
          if (replayNow) replay.add(body.row.cardId);
        }
      }
      if (added.size) await w.putLogs([...added.values()]);

      // Replayed from their merged logs as this transaction sees them (the batch's logs written). A
      // card about to be written takes its replayed schedule there (each card written once). Only
      // Dexie's promises are awaited in here: a native one (an async helper's) loses the transaction.
      const rescheduled: CardRow[] = [];
      if (replay.size) {
        const ids = [...replay];
        const stored = await db.cards.bulkGet(ids.filter((id) => !changed.has(id)));
        const storedById = new Map(stored.flatMap((c) => (c ? [[c.id, c] as const] : [])));
        const cards = ids.flatMap((id) => (changed.get(id) as CardRow | undefined) ?? storedById.get(id) ?? []);
        // One range read per card, all issued at once (the transaction pipelines them).
        const logs = await Dexie.Promise.all(cards.map((c) => db.reviewLogs.where(LogIndex.cardReview).between([c.id, -Infinity], [c.id, Infinity]).toArray()));
        const logsById = new Map(cards.map((c, k) => [c.id, logs[k]]));
        const deckIds = [...new Set(cards.map((c) => c.deckId))];
        const schedulerFor = deckSchedulers(await db.settings.get(STUDY_SETTINGS_KEY), deckIds, await db.decks.bulkGet(deckIds));
        const withoutLog = new Map([...before].map(([id, log]) => [id, log.before]));
        for (const card of replaySchedules(cards, (id) => logsById.get(id) ?? [], schedulerFor, withoutLog)) {
          const pending = changed.get(card.id);
          if (pending) Object.assign(pending, pickSchedule(card));
          else rescheduled.push(card);
        }
      }
      if (changed.size) await w.putCards([...changed.values()]);
      if (rescheduled.length) await w.putCardSchedules(rescheduled);

      for (const { body, deleted, doc } of of('media')) {
        if (!deleted) {
          if (await db.media.get(body.row.id)) continue;
          const data = files.get(doc._id);
          if (data) await w.putMedia([{ ...body.row, data } as MediaRow]);
        } else if (await db.media.get(body.row.id)) await w.deleteMedia([body.row]);
      }
    },
    { origin: 'sync' }
  );
}
