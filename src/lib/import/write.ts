import type { FlashcardDatabase } from '../db/database';
import type { CardInput } from '../db/derive';
import { transactRaw } from '../db/gateway-raw';
import { request } from '../db/raw';
import type { CardRow, DeckRow, MediaRow } from '../db/schema';
import { CardIndex, DeckIndex, Store } from '../db/stores';
import { newSchedule } from '../srs/scheduler';
import { isHtmlCard } from '../cards/card-html';
import { importedCardId, mediaId, newImportDeckId } from './ids';
import type { ImportedCard, ParsedImport } from './types';

/** Imported decks sit after the built-in ones in the deck list. */
const FIRST_IMPORT_POSITION = 1000;

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
  return (await db.decks.orderBy(DeckIndex.position).toArray()).filter((d) => d.source === 'import');
}

/** What an import into `deckId` would change (shown in the preview before anything is written). */
export async function diffImport(db: FlashcardDatabase, parsed: ParsedImport, deckId: string, clean: (text: string) => string = (t) => t): Promise<ImportDiff> {
  const stored = new Map((await db.cards.where(CardIndex.deckId).equals(deckId).toArray()).map((c) => [c.id, c]));
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

  // The raw gateway: tens of thousands of puts without Dexie's per-row work.
  return transactRaw(db, [Store.decks, Store.cards, Store.media], async (w, tx) => {
    const decks = tx.objectStore(Store.decks);
    const cards = tx.objectStore(Store.cards);
    let deck: DeckRow;
    if (target.deckId) {
      const existing = await request<DeckRow | undefined>(decks.get(target.deckId));
      if (!existing) throw new Error('the deck to import into no longer exists');
      if (existing.source !== 'import') throw new Error(`"${existing.title}" is a built-in deck; cards can only be imported into imported decks`);
      deck = { ...existing, title, hash: parsed.hash, ...(parsed.description && !existing.description ? { description: parsed.description } : {}) };
    } else {
      const last = (await request(decks.index(DeckIndex.position).openCursor(null, 'prev')))?.value as DeckRow | undefined;
      deck = {
        id: newImportDeckId(now),
        title,
        description: parsed.description,
        source: 'import',
        hash: parsed.hash,
        position: Math.max(FIRST_IMPORT_POSITION, (last?.position ?? 0) + 1)
      };
    }
    const stored = new Map((await request<CardRow[]>(cards.index(CardIndex.deckId).getAll(deck.id))).map((c) => [c.id, c]));
    const result: ImportResult = { deckId: deck.id, title: deck.title, added: 0, updated: 0, unchanged: 0, retired: 0, media: 0 };
    const writes: CardInput[] = [];
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
          retired: false
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
      writes.push(next);
      if (changed || old.retired) result.updated++;
      else result.unchanged++;
    });
    if (target.retireMissing) {
      for (const gone of stored.values()) {
        if (gone.retired) continue;
        writes.push({ ...gone, retired: true });
        result.retired++;
      }
    }
    await w.putCards(writes, (done) => progress((done / writes.length) * 0.9));
    const media: MediaRow[] = parsed.media.map((m) => ({
      id: mediaId(deck.id, m.hash),
      deckId: deck.id,
      name: m.name,
      mime: m.mime,
      data: new Blob([m.data as BlobPart], { type: m.mime }),
      size: m.data.byteLength
    }));
    await w.putMedia(media);
    result.media = media.length;
    await w.putDecks([deck]);
    progress(1);
    return result;
  });
}
