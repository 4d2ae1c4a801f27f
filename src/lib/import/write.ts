import type { FlashcardDatabase } from '../db/database';
import type { CardInput } from '../db/derive';
import { transactRaw } from '../db/gateway-raw';
import { request } from '../db/raw';
import type { CardRow, DeckRow, MediaRow } from '../db/schema';
import { CardIndex, DeckIndex, Store } from '../db/stores';
import { newSchedule } from '../srs/scheduler';
import { planDeckMerge, retired, type DeckMergePlan, type IncomingCard } from '../decks/merge-plan';
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
  /** Cards the user edited whose text the file would change: the user's text is kept. */
  keptEdits: number;
  retired: number;
  media: number;
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

/** The file's cards as they would be stored in `deckId`: final ids and text, the imported schedule beside them. */
function incomingCards(parsed: ParsedImport, deckId: string) {
  return parsed.cards.map((card) => {
    const more = card.more ? storedText(card.more, deckId) : undefined;
    return {
      id: importedCardId(deckId, card.key),
      front: storedText(card.front, deckId),
      back: storedText(card.back, deckId),
      tags: card.tags,
      ...(more ? { more } : {}),
      schedule: card.schedule
    };
  });
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
  return diffOf(planDeckMerge(stored, incomingCards(parsed, deckId), now));
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
  options: { now?: number; onProgress?: (share: number) => void } = {}
): Promise<ImportResult> {
  const now = options.now ?? Date.now();
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
    const stored = await request<CardRow[]>(cards.index(CardIndex.deckId).getAll(deck.id));
    const plan = planDeckMerge(stored, incomingCards(parsed, deck.id), now);
    const added: CardInput[] = plan.added.map(({ card: { schedule: imported, ...card }, ord }) => {
      const { suspended = false, ...schedule } = imported ?? { ...newSchedule(now), suspended: false };
      return { ...card, deckId: deck.id, ord, createdAt: now, updatedAt: now, ...schedule, suspended, retired: false };
    });
    const retiring = target.retireMissing ? retired(plan.missing) : [];
    const writes = [...added, ...plan.updated, ...plan.rewritten, ...retiring];
    const diff = diffOf(plan);
    const result: ImportResult = {
      deckId: deck.id,
      title: deck.title,
      added: diff.added,
      updated: diff.updated,
      unchanged: diff.unchanged,
      keptEdits: diff.keptEdits,
      retired: retiring.length,
      media: 0
    };
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
