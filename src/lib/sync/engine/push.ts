import type { FlashcardDatabase } from '../../db/database';
import { dropOutbox, readOutbox } from '../../db/gateway';
import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from '../../db/schema';
import { LogIndex, Store, type StoreName } from '../../db/stores';
import { forEachPage, stepSize } from '../../backup/pages';
import { stampAt } from './clock';
import { cardFields, deckFields, isPristine, stampFields, SYNCED_SETTINGS, type Body, type Fields } from './documents';
import type { LocalDatabase, Wire, WireDoc } from './wire';

/** Feed rows handled per local write (each becomes at most one document). */
const BATCH = 250;

/** One row to send: its store and key, and the row when it still exists (undefined: it was deleted). */
interface Outgoing {
  store: StoreName;
  key: string;
  row?: unknown;
  /** When the change committed (the feed's time), for the fields' stamps. */
  at: number;
}

/**
 * Writes this device's changes into sync's local copy (a PouchDB database that PouchDB then
 * replicates with the server): the change feed in commit order, a batch at a time; each batch's
 * feed rows are removed only after its documents are written, so a crash sends a batch twice
 * (harmless: an unchanged document is not written again) but never drops one.
 * Returns how many documents were written.
 */
export async function pushFeed(db: FlashcardDatabase, local: LocalDatabase, wire: Wire, onProgress?: (done: number) => void): Promise<number> {
  let written = 0;
  for (;;) {
    const feed = await readOutbox(db, stepSize(BATCH));
    if (!feed.length) return written;
    if (feed.some((r) => r.op === 'clear')) {
      // A restore replaced everything: send the whole collection as it is now.
      written += await pushEverything(db, local, wire);
    } else {
      const latest = new Map<string, Outgoing>();
      for (const r of feed) latest.set(`${r.store}\u0000${r.key}`, { store: r.store, key: r.key, at: r.at ?? Date.now() });
      written += await pushRows(db, local, wire, await withRows(db, [...latest.values()]));
    }
    await dropOutbox(db, feed[feed.length - 1].seq!);
    onProgress?.(written);
  }
}

/** The first sync of this device, or after a restore: every row that syncs, page by page. */
export async function pushEverything(db: FlashcardDatabase, local: LocalDatabase, wire: Wire, onProgress?: (done: number) => void): Promise<number> {
  let written = 0;
  const at = Date.now();
  const send = async (store: StoreName, rows: unknown[]) => {
    written += await pushRows(
      db,
      local,
      wire,
      rows.map((row) => ({ store, key: keyOf(store, row), row, at }))
    );
    onProgress?.(written);
  };
  for (const store of [Store.decks, Store.settings, Store.cards, Store.reviewLogs, Store.media] as const) {
    // Between pages the study screen's key presses and answers get their turn.
    await forEachPage(db.table(store), BATCH, (rows) => send(store, rows), { yieldBetween: true });
  }
  return written;
}

const keyOf = (store: StoreName, row: unknown) => (store === Store.settings ? (row as SettingRow).key : (row as { id: string }).id);

/** The rows of `outgoing` as they are now: one bulk read per store (an answer waits behind each queued read). */
async function withRows(db: FlashcardDatabase, outgoing: Outgoing[]): Promise<Outgoing[]> {
  const rows = new Map<string, unknown>();
  for (const store of new Set(outgoing.map((o) => o.store))) {
    const keys = outgoing.filter((o) => o.store === store).map((o) => o.key);
    const found = await db.table(store).bulkGet(keys);
    keys.forEach((key, i) => rows.set(`${store}\u0000${key}`, found[i]));
  }
  return outgoing.map((o) => ({ ...o, row: rows.get(`${o.store}\u0000${o.key}`) }));
}

/** Which of `cards` have at least one review log, read in one transaction (not one per card). */
async function cardsWithLogs(db: FlashcardDatabase, cards: CardRow[]): Promise<Set<string>> {
  if (!cards.length) return new Set();
  const counts = await db.transaction('r', db.reviewLogs, () =>
    Promise.all(cards.map((c) => db.reviewLogs.where(LogIndex.cardReview).between([c.id, -Infinity], [c.id, Infinity]).limit(1).count()))
  );
  return new Set(cards.filter((_, i) => counts[i] > 0).map((c) => c.id));
}

/** Documents for `outgoing`, written where they differ from the local copy. */
async function pushRows(db: FlashcardDatabase, local: LocalDatabase, wire: Wire, outgoing: Outgoing[]): Promise<number> {
  const relevant = outgoing.filter((o) => o.store !== Store.settings || SYNCED_SETTINGS.includes(o.key));
  if (!relevant.length) return 0;
  const decks = new Map<string, DeckRow | undefined>();
  const deckOf = async (id: string) => {
    if (!decks.has(id)) decks.set(id, await db.decks.get(id));
    return decks.get(id);
  };
  const ids = await Promise.all(relevant.map((o) => wire.id(docType(o.store), o.key)));
  const existing = await local.allDocs({ keys: ids, include_docs: true });
  const answered = await cardsWithLogs(
    db,
    relevant.filter((o) => o.store === Store.cards && o.row).map((o) => o.row as CardRow)
  );
  const docs: WireDoc[] = [];
  for (const [i, o] of relevant.entries()) {
    const id = ids[i];
    const stored = existing.rows[i];
    const current = stored.doc ? await wire.decode(stored.doc) : null;
    const rev = stored.value?.rev;
    // A deletion keeps the body, so every device (encrypted ids included) knows what was deleted.
    const gone = async (): Promise<WireDoc | null> =>
      rev && current && !stored.value?.deleted ? { _id: id, _rev: rev, _deleted: true, ...(await wire.encode(id, current)) } : null;
    let doc: WireDoc | null = null;
    if (o.store === Store.reviewLogs) {
      if (!o.row)
        doc = await gone(); // undone: removed on every device
      else if (!current) {
        const { seq: _seq, ...row } = o.row as ReviewLogRow;
        doc = { _id: id, ...(rev ? { _rev: rev } : {}), ...(await wire.encode(id, { t: 'log', row })) };
      }
    } else if (o.store === Store.cards) {
      if (!o.row) doc = await gone();
      else {
        const card = o.row as CardRow;
        const values = cardFields(card, await deckOf(card.deckId), answered.has(card.id));
        const before = current?.t === 'card' ? current.f : undefined;
        if (before || !isPristine(values))
          doc = await fieldsDoc(wire, id, rev, o.at, before, values, (f) => ({ t: 'card', id: card.id, deckId: card.deckId, f }));
      }
    } else if (o.store === Store.decks) {
      const before = current?.t === 'deck' ? current.f : undefined;
      const values = o.row ? deckFields(o.row as DeckRow) : { deleted: true };
      doc = await fieldsDoc(wire, id, rev, o.at, before, values, (f) => ({ t: 'deck', id: o.key, f }));
    } else if (o.store === Store.settings) {
      const before = current?.t === 'setting' ? current.f : undefined;
      const values = o.row ? ((o.row as SettingRow).value as Record<string, unknown>) : {};
      doc = await fieldsDoc(wire, id, rev, o.at, before, values, (f) => ({ t: 'setting', key: o.key, f }));
    } else if (o.store === Store.media) {
      if (!o.row) doc = await gone();
      else if (!current) {
        const { data, ...row } = o.row as MediaRow;
        doc = {
          _id: id,
          ...(rev ? { _rev: rev } : {}),
          ...(await wire.encode(id, { t: 'media', row })),
          _attachments: { data: await wire.encodeFile(id, data) }
        };
      }
    }
    if (doc) docs.push(doc);
  }
  if (!docs.length) return 0;
  const results = await local.bulkDocs(docs);
  const failed = results.find((r) => r.error);
  // Only this engine writes the local copy, one run at a time: a conflict here is a bug, not a race.
  if (failed) throw new Error(`sync could not record a change locally (${failed.id}: ${failed.error})`);
  return docs.length;
}

const docType = (store: StoreName): Body['t'] =>
  store === Store.cards ? 'card' : store === Store.decks ? 'deck' : store === Store.reviewLogs ? 'log' : store === Store.media ? 'media' : 'setting';

async function fieldsDoc(
  wire: Wire,
  id: string,
  rev: string | undefined,
  at: number,
  before: Fields | undefined,
  values: Record<string, unknown>,
  body: (f: Fields) => Body
): Promise<WireDoc | null> {
  const f = stampFields(before, values, (replaces) => stampAt(at, replaces));
  if (!f) return null;
  return { _id: id, ...(rev ? { _rev: rev } : {}), ...(await wire.encode(id, body(f))) };
}
