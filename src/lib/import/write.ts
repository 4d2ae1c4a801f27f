import { announceChange } from '../db/changes';
import type { FlashcardDatabase } from '../db/database';
import { request, write } from '../db/raw';
import { Queue, type CardRow, type DeckRow, type MediaRow } from '../db/schema';
import { queueFor } from '../srs/queue';
import { newSchedule } from '../srs/scheduler';
import { isHtmlCard } from '../cards/card-html';
import { importedCardId, mediaId, newImportDeckId } from './ids';
import type { ImportedCard, ParsedImport } from './types';

/** Imported decks sit after the built-in ones in the deck list. */
const FIRST_IMPORT_POSITION = 1000;
/** Rows handed to IndexedDB per main-thread task (each put clones its row synchronously). */
const CHUNK = 1000;
/** Chunks queued in IndexedDB at any time, so it never waits for the page. */
const IN_FLIGHT = 4;

export interface ImportTarget {
  /** An existing imported deck to merge into; absent for a new deck. */
  deckId?: string;
  title: string;
  /** Retire (hide, history kept) cards of the deck that are no longer in the file. */
  retireMissing?: boolean;
}

export interface ImportResult {
  deckId: string;
  title: string;
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  media: number;
}

export interface ImportDiff {
  added: number;
  updated: number;
  unchanged: number;
  /** Cards of the deck that the file does not have. */
  missing: number;
}

/** Card text as stored: media references bound to the deck, HTML sanitized by `clean`. */
function storedText(text: string, deckId: string, clean: (text: string) => string): string {
  if (!isHtmlCard(text)) return text;
  return clean(text.replace(/\sdata-media="([^"]+)"/g, (_, hash: string) => ` data-media="${mediaId(deckId, hash)}"`));
}

function sameContent(old: CardRow, next: { front: string; back: string; more?: string; tags: string[] }): boolean {
  return old.front === next.front && old.back === next.back && (old.more ?? '') === (next.more ?? '') && old.tags.join('\u0000') === next.tags.join('\u0000');
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
  return (await db.decks.orderBy('position').toArray()).filter((d) => d.source === 'import');
}

/** What an import into `deckId` would change (shown in the preview before anything is written). */
export async function diffImport(db: FlashcardDatabase, parsed: ParsedImport, deckId: string, clean: (text: string) => string = (t) => t): Promise<ImportDiff> {
  const stored = new Map((await db.cards.where('deckId').equals(deckId).toArray()).map((c) => [c.id, c]));
  const diff: ImportDiff = { added: 0, updated: 0, unchanged: 0, missing: 0 };
  for (const card of parsed.cards) {
    const id = importedCardId(deckId, card.key);
    const old = stored.get(id);
    stored.delete(id);
    if (!old) diff.added++;
    else if (sameContent(old, textOf(card, deckId, clean)) && !old.retired) diff.unchanged++;
    else diff.updated++;
  }
  diff.missing = [...stored.values()].filter((c) => !c.retired).length;
  return diff;
}

function textOf(card: ImportedCard, deckId: string, clean: (text: string) => string) {
  const more = card.more ? storedText(card.more, deckId, clean) : undefined;
  return { front: storedText(card.front, deckId, clean), back: storedText(card.back, deckId, clean), tags: card.tags, ...(more ? { more } : {}) };
}

/**
 * Writes an import in ONE transaction: the deck row, every card and every image, or nothing.
 * Cards are matched by id (deck + stable key): changed text is updated in place and the
 * schedule is never touched; new cards arrive with their imported schedule or as new.
 */
export async function writeImport(
  db: FlashcardDatabase,
  parsed: ParsedImport,
  target: ImportTarget,
  options: { now?: number; clean?: (text: string) => string; onProgress?: (share: number) => void } = {}
): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const clean = options.clean ?? ((t: string) => t);
  const progress = options.onProgress ?? (() => {});
  const title = target.title.trim();
  if (!title) throw new Error('the deck needs a name');
  if (parsed.cards.length === 0) throw new Error('there are no cards to import');

  // Raw IndexedDB (db/raw.ts): tens of thousands of puts without Dexie's per-row work.
  const written = await write(db, ['decks', 'cards', 'media'], async (tx) => {
    const decks = tx.objectStore('decks');
    const cards = tx.objectStore('cards');
    let deck: DeckRow;
    if (target.deckId) {
      const existing = await request<DeckRow | undefined>(decks.get(target.deckId));
      if (!existing) throw new Error('the deck to import into no longer exists');
      if (existing.source !== 'import') throw new Error(`"${existing.title}" is a built-in deck; cards can only be imported into imported decks`);
      deck = { ...existing, title, hash: parsed.hash, ...(parsed.description && !existing.description ? { description: parsed.description } : {}) };
    } else {
      const last = (await request(decks.index('position').openCursor(null, 'prev')))?.value as DeckRow | undefined;
      deck = {
        id: newImportDeckId(now),
        title,
        description: parsed.description,
        source: 'import',
        hash: parsed.hash,
        position: Math.max(FIRST_IMPORT_POSITION, (last?.position ?? 0) + 1)
      };
    }
    const stored = new Map((await request<CardRow[]>(cards.index('deckId').getAll(deck.id))).map((c) => [c.id, c]));
    const result: ImportResult = { deckId: deck.id, title: deck.title, added: 0, updated: 0, unchanged: 0, retired: 0, media: 0 };
    const writes: CardRow[] = [];
    parsed.cards.forEach((card, ord) => {
      const id = importedCardId(deck.id, card.key);
      const text = textOf(card, deck.id, clean);
      const old = stored.get(id);
      stored.delete(id);
      if (!old) {
        const { suspended = false, ...schedule } = card.schedule ?? { ...newSchedule(now), suspended: false };
        writes.push({
          id,
          deckId: deck.id,
          ord,
          ...text,
          createdAt: now,
          updatedAt: now,
          ...schedule,
          suspended,
          retired: false,
          queue: queueFor(schedule, { suspended, retired: false })
        });
        result.added++;
        return;
      }
      const changed = !sameContent(old, text);
      if (!changed && old.ord === ord && !old.retired) {
        result.unchanged++;
        return;
      }
      // Text, tags and order follow the file; the schedule and flags stay as studied.
      const next: CardRow = { ...old, ...text, ord, retired: false, updatedAt: changed ? now : old.updatedAt };
      if (!text.more) delete next.more;
      next.queue = queueFor(next, next);
      writes.push(next);
      if (changed || old.retired) result.updated++;
      else result.unchanged++;
    });
    if (target.retireMissing) {
      for (const gone of stored.values()) {
        if (gone.retired) continue;
        writes.push({ ...gone, retired: true, queue: Queue.Retired });
        result.retired++;
      }
    }
    await putPipelined(cards, writes, (done) => progress((done / writes.length) * 0.9));
    const media: MediaRow[] = parsed.media.map((m) => ({
      id: mediaId(deck.id, m.hash),
      deckId: deck.id,
      name: m.name,
      mime: m.mime,
      data: new Blob([m.data as BlobPart], { type: m.mime }),
      size: m.data.byteLength
    }));
    const mediaStore = tx.objectStore('media');
    for (const row of media) mediaStore.put(row);
    result.media = media.length;
    await request(decks.put(deck));
    progress(1);
    return result;
  });
  announceChange({ deckIds: [written.deckId] });
  return written;
}

/**
 * Puts every row, CHUNK rows per task with IN_FLIGHT chunks queued: IndexedDB always has work
 * queued, and between chunks the page can paint its progress bar instead of freezing while
 * tens of thousands of rows are cloned. Each chunk is issued from a request callback, so the
 * transaction stays active throughout.
 */
function putPipelined<T>(store: IDBObjectStore, rows: T[], onProgress: (done: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    const issue = () => {
      if (next >= rows.length) return;
      const end = Math.min(next + CHUNK, rows.length);
      let last!: IDBRequest;
      try {
        for (let i = next; i < end; i++) last = store.put(rows[i]);
      } catch (error) {
        reject(error);
        return;
      }
      next = end;
      last.onsuccess = () => {
        onProgress(end);
        if (end === rows.length) resolve();
        else issue();
      };
      last.onerror = () => reject(last.error);
    };
    if (rows.length === 0) resolve();
    for (let i = 0; i < IN_FLIGHT; i++) issue();
  });
}
