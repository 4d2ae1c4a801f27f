import type { FSRS } from 'ts-fsrs';
import type { FlashcardDatabase } from '../../db/database';
import type { CardInput } from '../../db/derive';
import { transact } from '../../db/gateway';
import type { CardRow, MediaRow, ReviewLogRow, Schedule } from '../../db/schema';
import { CardIndex, DATA_STORES, LogIndex, MediaIndex, Store } from '../../db/stores';
import { createScheduler, pickSchedule } from '../../srs/scheduler';
import { settingsForDeck, STUDY_SETTINGS_KEY, studySettingsFrom } from '../../srs/settings';
import { cardFromBody, deckFromBody, mergeFields, valueOf, type Body, type CardBody, type DeckBody, type Fields, type SettingBody } from './documents';
import { replayLog } from './replay';
import type { LocalDatabase, Wire, WireDoc } from './wire';

/** Changes of the local copy read and applied per transaction. */
const BATCH = 200;
const CHECKPOINT_ID = '_local/applied';

/**
 * Applies what replication brought into sync's local copy to the app's database, through the
 * write gateway (origin 'sync': not fed back to the change feed), a batch per transaction, in the
 * local copy's change order. Conflicting revisions of a document (two devices wrote it offline)
 * are merged field by field first, and the merge written back, so every device resolves them the
 * same way. The local copy's position is saved after each batch: a crash re-applies at most one
 * batch, which changes nothing the second time. Returns how many documents were applied.
 */
export async function applyPulled(
  db: FlashcardDatabase,
  local: LocalDatabase,
  wire: Wire,
  onProgress?: (done: number, total: number | null) => void
): Promise<number> {
  let since = await checkpoint(local);
  let applied = 0;
  // For the progress bar: the local copy's sequence numbers still to read (at most one change per document).
  const end = (await local.info()).update_seq;
  const total = typeof end === 'number' && typeof since === 'number' ? end - since : null;
  let read = 0;
  for (;;) {
    const { results, last_seq } = await local.changes({ since, limit: BATCH, include_docs: true, conflicts: true, attachments: true, binary: true });
    if (!results.length) return applied;
    const bodies: { body: Body; deleted: boolean; doc: WireDoc }[] = [];
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
    await applyBodies(db, bodies, files);
    applied += bodies.length;
    read += results.length;
    since = last_seq;
    await saveCheckpoint(local, since);
    onProgress?.(read, total === null ? null : Math.max(total, read));
  }
}

/**
 * The decks of this batch's cards that neither the app's database nor the batch has: a deck
 * changed after its cards comes later in the change order (a new device would otherwise skip
 * those cards as belonging to a deleted deck). Read from the local copy; a deleted deck stays out.
 */
async function missingDecks(db: FlashcardDatabase, local: LocalDatabase, wire: Wire, bodies: { body: Body }[]) {
  const inBatch = new Set(bodies.flatMap(({ body }) => (body.t === 'deck' ? [body.id] : [])));
  const wanted = new Set<string>();
  for (const { body } of bodies) if (body.t === 'card' && !inBatch.has(body.deckId)) wanted.add(body.deckId);
  const missing: string[] = [];
  for (const id of wanted) if (!(await db.decks.get(id))) missing.push(id);
  if (!missing.length) return [];
  const found = await local.allDocs({ keys: await Promise.all(missing.map((id) => wire.id('deck', id))), include_docs: true, conflicts: true });
  const decks: { body: Body; deleted: boolean; doc: WireDoc }[] = [];
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

async function applyBodies(db: FlashcardDatabase, items: { body: Body; deleted: boolean; doc: WireDoc }[], files: Map<string, Blob>): Promise<void> {
  const now = Date.now();
  const replay = new Set<string>();
  /** Per card, the schedule before its earliest answer removed here: what it returns to when no answer is left. */
  const before = new Map<string, ReviewLogRow>();
  await transact(
    db,
    DATA_STORES,
    async (w) => {
      // Decks first (a new deck's cards need it), then settings, cards, logs and media.
      const order: Body['t'][] = ['deck', 'setting', 'card', 'log', 'media'];
      items.sort((a, b) => order.indexOf(a.body.t) - order.indexOf(b.body.t));
      for (const { body, deleted, doc } of items) {
        if (body.t === 'deck') {
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
        } else if (body.t === 'setting') {
          if (body.key !== STUDY_SETTINGS_KEY) continue;
          const current = ((await db.settings.get(body.key))?.value ?? {}) as Record<string, unknown>;
          const next = { ...current };
          for (const key of Object.keys(body.f)) next[key] = valueOf(body.f, key);
          if (JSON.stringify(next) !== JSON.stringify(current)) await w.putSetting(body.key, next);
        } else if (body.t === 'card') {
          const local = await db.cards.get(body.id);
          if (deleted) {
            if (local) await w.deleteCards([local]);
            continue;
          }
          if (!local && !(await db.decks.get(body.deckId))) continue; // its deck was deleted
          const next = cardFromBody(local, body, now);
          if (!next) continue;
          // A card with no log takes the schedule it was sent with (an imported schedule).
          const sent = valueOf(body.f, 'schedule');
          if (sent && !local) Object.assign(next, sent);
          if (!local || JSON.stringify(next) !== JSON.stringify(local)) await w.putCard(next);
          if (!local) replay.add(body.id);
        } else if (body.t === 'log') {
          const local = await db.reviewLogs.get(body.row.id);
          if (deleted) {
            if (local) {
              await w.deleteLog(local);
              replay.add(local.cardId);
              const earliest = before.get(local.cardId);
              if (!earliest || local.review < earliest.review) before.set(local.cardId, local);
            }
          } else if (!local) {
            await w.putLogs([body.row as ReviewLogRow]);
            replay.add(body.row.cardId);
          }
        } else if (body.t === 'media' && !deleted) {
          if (await db.media.get(body.row.id)) continue;
          const data = files.get(doc._id);
          if (data) await w.putMedia([{ ...body.row, data } as MediaRow]);
        } else if (body.t === 'media' && deleted) {
          if (await db.media.get(body.row.id)) await w.deleteMedia([body.row]);
        }
      }
    },
    { origin: 'sync' }
  );
  if (replay.size) await replayCards(db, [...replay], new Map([...before].map(([id, log]) => [id, log.before])));
}

/** Rebuilds each card's schedule from its merged log (replay.ts); cards without a log keep theirs. */
export async function replayCards(db: FlashcardDatabase, ids: string[], withoutLog = new Map<string, Schedule>()): Promise<number> {
  return transact(
    db,
    [Store.cards, Store.reviewLogs, Store.decks, Store.settings],
    async (w) => {
      const settings = studySettingsFrom(await db.settings.get(STUDY_SETTINGS_KEY));
      // One scheduler per deck (its own limits), not one per card.
      const schedulers = new Map<string, FSRS>();
      const schedulerFor = async (deckId: string) => {
        if (!schedulers.has(deckId)) schedulers.set(deckId, createScheduler(settingsForDeck(settings, await db.decks.get(deckId))));
        return schedulers.get(deckId)!;
      };
      const updates: CardInput[] = [];
      for (const id of ids) {
        const card = await db.cards.get(id);
        if (!card) continue;
        const logs = await db.reviewLogs.where(LogIndex.cardReview).between([id, -Infinity], [id, Infinity]).toArray();
        const schedule = replayLog(await schedulerFor(card.deckId), logs) ?? withoutLog.get(id);
        if (!schedule) continue;
        if (JSON.stringify(schedule) !== JSON.stringify(pickSchedule(card))) updates.push({ ...(card as CardRow), ...schedule });
      }
      if (updates.length) await w.putCardSchedules(updates);
      return updates.length;
    },
    { origin: 'sync' }
  );
}
