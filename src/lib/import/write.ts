import type { FlashcardDatabase } from '../db/database';
import type { CardInput } from '../db/derive';
import { transactRaw } from '../db/gateway-raw';
import { noteIdOf } from '../db/note-id';
import { request } from '../db/raw';
import type { CardRow, DeckRow, MediaRow, ReviewLogRow } from '../db/schema';
import { CardIndex, DeckIndex, Store } from '../db/stores';
import { newSchedule } from '../srs/scheduler';
import { planDeckMerge, retired, type DeckMergePlan, type IncomingCard } from '../decks/merge-plan';
import { isHtmlCard } from '../cards/card-html';
import { mediaId, newImportDeckId } from './ids';
import { ANSWER_STRIDE, replayAnswers } from './history';
import { findImportDeck, namedDeckOrigin, resolveCardIds } from './identity';
import type { ImportedCard, ParsedImport } from './types';

/** Review-log rows made and written per slice of an imported history. */
const LOG_CHUNK = 5000;

/** Imported decks sit after the built-in ones in the deck list. */
const FIRST_IMPORT_POSITION = 1000;

export interface ImportTarget {
  /** An existing imported deck to merge into; absent for a new deck. */
  deckId?: string;
  title: string;
  /** Retire (hide, history kept) cards of the deck that are no longer in the file. */
  retireMissing?: boolean;
  /**
   * A file naming several decks (`#deck column:`): where each name goes, from namedDeckTargets
   * (parents before children). The cards go to their own deck; `deckId`/`title` are not used.
   */
  decks?: NamedDeckTarget[];
}

/** One deck a file names ("Parent::Child"), and the imported deck it is found to be, if any. */
export interface NamedDeckTarget {
  name: string;
  /** The last part of the name: the title of a new deck. */
  title: string;
  /** The file's cards in this deck (0 for a parent that only holds other decks). */
  cards: number;
  /** The existing imported deck it updates (found by identity); absent: a new deck. */
  deckId?: string;
  /** What importing would change in that deck. */
  diff?: ImportDiff;
}

export interface ImportResult {
  deckId: string;
  title: string;
  added: number;
  updated: number;
  unchanged: number;
  /** Cards the user edited whose text the file would change: the user's text is kept. */
  keptEdits: number;
  retired: number;
  media: number;
  /** Review-log rows added from the file's review history (an Anki package's revlog). */
  reviews: number;
  /** Decks created by a file naming several decks (parents included); 0 otherwise. */
  decks: number;
}

export interface ImportDiff {
  added: number;
  updated: number;
  unchanged: number;
  /** Cards the user edited whose text the file would change: the user's text is kept. */
  keptEdits: number;
  /** Cards of the deck that the file does not have. */
  missing: number;
}

/** Card text as stored: media references bound to the deck (the text was sanitized by cleanCards). */
function storedText(text: string, deckId: string): string {
  if (!isHtmlCard(text)) return text;
  return text.replace(/\sdata-media="([^"]+)"/g, (_, hash: string) => ` data-media="${mediaId(deckId, hash)}"`);
}

/**
 * Runs `clean` (the HTML sanitizer, which needs the DOM of the page) over every card text, in
 * slices so the page keeps painting its progress bar.
 */
export async function cleanCards(parsed: ParsedImport, clean: (text: string) => string, onProgress?: (share: number) => void): Promise<ParsedImport> {
  const cards: ImportedCard[] = [];
  const total = parsed.cards.length;
  let sliceStart = performance.now();
  for (let i = 0; i < total; i++) {
    const c = parsed.cards[i];
    cards.push({ ...c, front: clean(c.front), back: clean(c.back), ...(c.more ? { more: clean(c.more) } : {}) });
    if (i % 64 === 63 && performance.now() - sliceStart > 30) {
      onProgress?.(i / total);
      await new Promise((resolve) => setTimeout(resolve, 0));
      sliceStart = performance.now();
    }
  }
  onProgress?.(1);
  return { ...parsed, cards };
}

/** Imported decks, for the "add to an existing deck" choice. */
export async function importedDecks(db: FlashcardDatabase): Promise<DeckRow[]> {
  return (await db.decks.orderBy(DeckIndex.position).toArray()).filter((d) => d.source === 'import');
}

/**
 * The file's cards as they would be stored in `deckId`: final ids (the stored card they are, by
 * identity.ts, or a new one) and text, the imported schedule, type-in answer and answers beside them.
 */
function incomingCards(cards: readonly ImportedCard[], deckId: string, stored: readonly CardRow[]) {
  const ids = resolveCardIds(
    cards.map((c) => c.key),
    deckId,
    stored.map((c) => c.id)
  );
  return cards.map((card, i) => {
    const more = card.more ? storedText(card.more, deckId) : undefined;
    return {
      id: ids[i],
      front: storedText(card.front, deckId),
      back: storedText(card.back, deckId),
      tags: card.tags,
      ...(more ? { more } : {}),
      schedule: card.schedule,
      typeIn: card.typeIn,
      answers: card.answers,
      ...(card.note ? { noteId: noteIdOf(deckId, card.note) } : {})
    };
  });
}

/** A review-log row's id from the deck and Anki's revlog id: importing the same history again writes nothing new. */
export function importedLogId(deckId: string, revlogId: number): string {
  return `${deckId}:rev:${revlogId}`;
}

/** True when the file names several decks (Anki's `#deck column:`): each name becomes its own deck. */
export function namesSeveralDecks(parsed: ParsedImport): boolean {
  return (parsed.decks?.length ?? 0) > 1;
}

/** The file's cards by the deck they name ("" for cards naming none). */
function cardsByDeck(parsed: ParsedImport): Map<string, ImportedCard[]> {
  const groups = new Map<string, ImportedCard[]>();
  for (const card of parsed.cards) {
    const name = card.deck ?? '';
    const list = groups.get(name);
    if (list) list.push(card);
    else groups.set(name, [card]);
  }
  return groups;
}

/** "A::B::C" -> "A", "A::B", "A::B::C": every deck a name needs, parents first. */
function withParents(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const parts = name.split('::').map((p) => p.trim());
    for (let k = 1; k <= parts.length; k++) out.add(parts.slice(0, k).join('::'));
  }
  return [...out];
}

/** The imported deck holding the file's cards (by id or as their export) or named by the file's identity: the default target, never chosen by title. */
export async function findTargetDeck(db: FlashcardDatabase, parsed: ParsedImport): Promise<DeckRow | undefined> {
  const decks = await importedDecks(db);
  const ids = new Set(
    await db.cards
      .where(CardIndex.deckId)
      .anyOf(decks.map((d) => d.id))
      .primaryKeys()
  );
  return findImportDeck(
    decks,
    parsed.cards.map((c) => c.key),
    ids,
    parsed.deckKey
  );
}

/**
 * Where each deck a file names would go: the imported deck holding its cards or made from that
 * name before (its origin), else a new deck; with what the import would change there. The
 * preview shows this list and the write takes it as it is.
 */
export async function namedDeckTargets(db: FlashcardDatabase, parsed: ParsedImport, now = Date.now()): Promise<NamedDeckTarget[]> {
  const decks = await importedDecks(db);
  const ids = new Set(
    await db.cards
      .where(CardIndex.deckId)
      .anyOf(decks.map((d) => d.id))
      .primaryKeys()
  );
  const groups = cardsByDeck(parsed);
  const targets: NamedDeckTarget[] = [];
  for (const name of withParents([...groups.keys()].filter(Boolean))) {
    const cards = groups.get(name) ?? [];
    const found = findImportDeck(
      decks,
      cards.map((c) => c.key),
      ids,
      namedDeckOrigin(name)
    );
    const target: NamedDeckTarget = { name, title: name.split('::').pop()!.trim() || name, cards: cards.length, ...(found ? { deckId: found.id } : {}) };
    if (found && cards.length) {
      const stored = await db.cards.where(CardIndex.deckId).equals(found.id).toArray();
      target.diff = diffOf(planDeckMerge(stored, incomingCards(cards, found.id, stored), now));
    }
    targets.push(target);
  }
  return targets;
}

function diffOf(plan: DeckMergePlan<IncomingCard>): ImportDiff {
  return {
    added: plan.added.length,
    updated: plan.updated.length,
    unchanged: plan.unchanged + plan.rewritten.length,
    keptEdits: plan.keptEdits,
    missing: plan.missing.length
  };
}

/** What an import into `deckId` would change (shown in the preview before anything is written): the write's own plan. */
export async function diffImport(db: FlashcardDatabase, parsed: ParsedImport, deckId: string, now = Date.now()): Promise<ImportDiff> {
  const stored = await db.cards.where(CardIndex.deckId).equals(deckId).toArray();
  return diffOf(planDeckMerge(stored, incomingCards(parsed.cards, deckId, stored), now));
}

/**
 * Writes an import in ONE transaction: the deck row(s), every card, its review history and every
 * image, or nothing. Cards are matched by identity (identity.ts): changed text is updated in
 * place and the schedule is never touched; new cards arrive with their imported schedule or as
 * new. Review-log rows get ids from the deck and Anki's revlog id, so a second import adds none.
 */
export async function writeImport(
  db: FlashcardDatabase,
  parsed: ParsedImport,
  target: ImportTarget,
  options: { now?: number; onProgress?: (share: number) => void; phase?: (name: string) => void } = {}
): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const progress = options.onProgress ?? (() => {});
  const phase = options.phase ?? (() => {});
  const title = target.title.trim();
  const several = !!target.decks?.length;
  if (!title && !several) throw new Error('the deck needs a name');
  if (parsed.cards.length === 0) throw new Error('there are no cards to import');

  // The raw gateway: tens of thousands of puts without Dexie's per-row work. (Relaxed durability
  // was measured slower than the default in Chromium 156 on disk: docs/BENCHMARK.md §12.)
  const result = await transactRaw(db, [Store.decks, Store.cards, Store.reviewLogs, Store.media], async (w, tx) => {
    phase('quick check and open');
    const decks = tx.objectStore(Store.decks);
    const cards = tx.objectStore(Store.cards);
    const logs = tx.objectStore(Store.reviewLogs);
    let nextPosition = -1;
    const newDeck = async (deckTitle: string, extra: Partial<DeckRow> = {}): Promise<DeckRow> => {
      if (nextPosition < 0) {
        const last = (await request(decks.index(DeckIndex.position).openCursor(null, 'prev')))?.value as DeckRow | undefined;
        nextPosition = Math.max(FIRST_IMPORT_POSITION, (last?.position ?? 0) + 1);
      }
      return { id: newImportDeckId(now), title: deckTitle, description: '', source: 'import', hash: parsed.hash, position: nextPosition++, ...extra };
    };
    const existingImport = async (deckId: string): Promise<DeckRow> => {
      const existing = await request<DeckRow | undefined>(decks.get(deckId));
      if (!existing) throw new Error('the deck to import into no longer exists');
      if (existing.source !== 'import') throw new Error(`"${existing.title}" is a built-in deck; cards can only be imported into imported decks`);
      return existing;
    };

    // Each deck the cards go to, with its cards.
    const groups: { deck: DeckRow; cards: ImportedCard[]; retireMissing: boolean }[] = [];
    const deckRows: DeckRow[] = [];
    let created = 0;
    if (several) {
      const byName = cardsByDeck(parsed);
      const idOf = new Map<string, string>();
      for (const named of target.decks!) {
        const parentName = named.name.includes('::') ? named.name.slice(0, named.name.lastIndexOf('::')) : '';
        const parent = parentName ? idOf.get(parentName) : undefined;
        const deck = named.deckId
          ? { ...(await existingImport(named.deckId)), hash: parsed.hash }
          : await newDeck(named.title, { origin: namedDeckOrigin(named.name), ...(parent ? { parent } : {}) });
        if (!named.deckId) created++;
        idOf.set(named.name, deck.id);
        deckRows.push(deck);
        const own = byName.get(named.name);
        if (own?.length) groups.push({ deck, cards: own, retireMissing: false });
      }
      const unnamed = byName.get('');
      if (unnamed?.length) {
        const deck = await newDeck(title || parsed.suggestedTitle, { description: parsed.description });
        created++;
        deckRows.push(deck);
        groups.push({ deck, cards: unnamed, retireMissing: false });
      }
    } else {
      let deck: DeckRow;
      if (target.deckId) {
        const existing = await existingImport(target.deckId);
        deck = { ...existing, title, hash: parsed.hash, ...(parsed.description && !existing.description ? { description: parsed.description } : {}) };
      } else {
        deck = await newDeck(title, { description: parsed.description, ...(parsed.deckKey ? { origin: parsed.deckKey } : {}) });
      }
      if (parsed.noteTypeCss) deck.noteTypeCss = { ...(deck.noteTypeCss ?? {}), ...parsed.noteTypeCss };
      deckRows.push(deck);
      groups.push({ deck, cards: parsed.cards, retireMissing: !!target.retireMissing });
    }

    const first = groups[0]?.deck ?? deckRows[0];
    const result: ImportResult = {
      deckId: first.id,
      title: first.title,
      added: 0,
      updated: 0,
      unchanged: 0,
      keptEdits: 0,
      retired: 0,
      media: 0,
      reviews: 0,
      decks: 0
    };
    const cardWrites: CardInput[] = [];
    const historyWork: { deck: DeckRow; cards: ReturnType<typeof incomingCards>; existed: boolean }[] = [];
    for (const { deck, cards: groupCards, retireMissing } of groups) {
      const stored = await request<CardRow[]>(cards.index(CardIndex.deckId).getAll(deck.id));
      const incoming = incomingCards(groupCards, deck.id, stored);
      const plan = planDeckMerge(stored, incoming, now);
      // One object per card, fields named (rest destructuring copies slowly, and this runs 50k times at 50k).
      const fresh = newSchedule(now);
      const added: CardInput[] = plan.added.map(({ card, ord }) => {
        const imported = card.schedule;
        const row: CardInput = {
          id: card.id,
          front: card.front,
          back: card.back,
          tags: card.tags,
          deckId: deck.id,
          ord,
          createdAt: now,
          updatedAt: now,
          ...(imported ?? fresh),
          suspended: imported?.suspended ?? false,
          retired: false
        };
        if (card.more) row.more = card.more;
        if (card.noteId) row.noteId = card.noteId;
        if (card.typeIn) row.typeIn = card.typeIn;
        return row;
      });
      // A type-in answer the file gives (or changes) is taken on cards already stored as well.
      const byId = new Map(incoming.map((c) => [c.id, c]));
      const typeInChanged = (row: CardRow) => {
        const typeIn = byId.get(row.id)?.typeIn;
        return !!typeIn && JSON.stringify(typeIn) !== JSON.stringify(row.typeIn);
      };
      const touched = new Set([...plan.updated, ...plan.rewritten].map((c) => c.id));
      // Cards stored before their note was known (db/note-id.ts) learn it from the file.
      const noteMissing = (row: CardRow) => !row.noteId && !!byId.get(row.id)?.noteId;
      const typeInOnly = stored.filter((row) => !touched.has(row.id) && byId.has(row.id) && (typeInChanged(row) || noteMissing(row)));
      const withTypeIn = (rows: CardRow[]) =>
        rows.map((row) => ({
          ...row,
          ...(typeInChanged(row) ? { typeIn: byId.get(row.id)!.typeIn } : {}),
          ...(noteMissing(row) ? { noteId: byId.get(row.id)!.noteId } : {})
        }));
      const retiring = retireMissing ? retired(plan.missing) : [];
      cardWrites.push(...added, ...withTypeIn([...plan.updated, ...plan.rewritten, ...typeInOnly]), ...retiring);
      const diff = diffOf(plan);
      result.added += diff.added;
      result.updated += diff.updated;
      result.unchanged += diff.unchanged;
      result.keptEdits += diff.keptEdits;
      result.retired += retiring.length;

      // Review history, written after the cards: the answers of this deck's cards.
      const history = incoming.filter((c) => c.answers?.length);
      if (history.length) historyWork.push({ deck, cards: history, existed: stored.length > 0 });
    }
    result.decks = created;
    const answers = historyWork.reduce((n, h) => n + h.cards.reduce((k, c) => k + c.answers!.length / ANSWER_STRIDE, 0), 0);
    const total = cardWrites.length + answers || 1;
    phase('plan');
    // The word index of these cards is built after the import (search reads every card until then).
    await w.putCardsIndexLater(cardWrites, (done) => progress((done / total) * 0.9));
    phase('cards');
    // Log rows are made (by replaying each card's answers) and written a slice at a time, so a
    // long history never sits in memory as row objects. Rows the deck already has are skipped.
    let made = 0;
    let chunk: ReviewLogRow[] = [];
    const flush = async () => {
      await w.putLogs(chunk);
      result.reviews += chunk.length;
      chunk = [];
      progress(((cardWrites.length + made) / total) * 0.9);
    };
    for (const { deck, cards: historyCards, existed } of historyWork) {
      const prefix = importedLogId(deck.id, 0).slice(0, -1);
      const have = existed ? new Set((await request<IDBValidKey[]>(logs.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`)))) as string[]) : null;
      for (const card of historyCards) {
        replayAnswers(card.answers!, ({ revlogId, ...review }) => {
          made++;
          const id = importedLogId(deck.id, revlogId);
          if (!have?.has(id)) chunk.push({ id, cardId: card.id, deckId: deck.id, ...review });
        });
        if (chunk.length >= LOG_CHUNK) await flush();
      }
    }
    if (chunk.length) await flush();
    const mediaDeck = groups[0].deck;
    const media: MediaRow[] = parsed.media.map((m) => ({
      id: mediaId(mediaDeck.id, m.hash),
      deckId: mediaDeck.id,
      name: m.name,
      mime: m.mime,
      data: new Blob([m.data as BlobPart], { type: m.mime }),
      size: m.data.byteLength
    }));
    await w.putMedia(media);
    result.media = media.length;
    await w.putDecks(deckRows);
    phase('logs, media, decks');
    progress(1);
    return result;
  });
  phase('commit');
  return result;
}
