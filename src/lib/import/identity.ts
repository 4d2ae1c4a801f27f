import type { DeckRow } from '../db/schema';
import { toId } from '../export/markdown-deck';
import { importedCardId } from './ids';

/**
 * How a file's cards and decks are recognised on re-import, by what identifies them and never by
 * title. The app's exports carry each card's id (Anki CSV: the `#guid column`, read as key
 * `a:<id>.0`, the note's first card; Markdown: the card heading, read as `m:<id>` after the
 * format's slug rule, toId) and the Markdown deck its deck id; an Anki package's cards carry
 * note guid and ordinal (`a:<guid>.<ord>`).
 */

/** The card id an Anki CSV guid key names (`a:<id>.0` -> `<id>`). */
function guidOf(key: string): string | undefined {
  return /^a:(.+)\.0$/.exec(key)?.[1];
}

/** The keys under which a stored card of `deckId` comes back when it is exported and imported again. */
export function exportedKeys(cardId: string, deckId: string): string[] {
  const keys = [`a:${cardId}.0`, `m:${toId(cardId, 'card')}`];
  // The same source card read from the other format (first imported from CSV, then from Markdown, or back).
  const own = cardId.startsWith(`${deckId}:`) ? cardId.slice(deckId.length + 1) : '';
  const fromCsv = guidOf(own);
  if (fromCsv) keys.push(`m:${fromCsv}`, `m:${toId(fromCsv, 'card')}`);
  const fromMarkdown = /^m:(.+)$/.exec(own)?.[1];
  if (fromMarkdown) keys.push(`a:${fromMarkdown}.0`);
  return keys;
}

/**
 * The stored card id for each incoming key in `deckId`: the card's own id when the deck holds it,
 * else the stored card the key is an export of, else a new id. Exact ids are claimed first, so no
 * two keys of the file ever land on one stored card.
 */
export function resolveCardIds(keys: readonly string[], deckId: string, storedIds: Iterable<string>): string[] {
  const stored = new Set(storedIds);
  const claimed = new Set<string>();
  const ids: (string | undefined)[] = keys.map((key) => {
    const id = importedCardId(deckId, key);
    if (!stored.has(id)) return undefined;
    claimed.add(id);
    return id;
  });
  const byExport = new Map<string, string>();
  for (const id of stored) for (const key of exportedKeys(id, deckId)) if (!byExport.has(key)) byExport.set(key, id);
  return keys.map((key, i) => {
    if (ids[i]) return ids[i];
    const match = byExport.get(key);
    if (match && !claimed.has(match)) {
      claimed.add(match);
      return match;
    }
    return importedCardId(deckId, key);
  });
}

/**
 * The imported deck a file (or one `#deck column:` deck of it) belongs to: the deck its stated
 * identity names (a Markdown deck id, `anki-deck:<name>`), else the imported deck holding most of
 * its cards (by id or as an export of them). Undefined means a new deck. A deck that only has the
 * same title is never chosen.
 */
export function findImportDeck(decks: readonly DeckRow[], keys: readonly string[], storedIds: ReadonlySet<string>, identity?: string): DeckRow | undefined {
  const imported = decks.filter((d) => d.source === 'import');
  if (identity) {
    const named = imported.find((d) => d.origin === identity || d.id === identity || toId(d.id, 'deck') === identity);
    if (named) return named;
  }
  let best: DeckRow | undefined;
  let bestHits = 0;
  for (const deck of imported) {
    let hits = 0;
    for (const key of keys) {
      const source = guidOf(key);
      if (storedIds.has(importedCardId(deck.id, key)) || (source?.startsWith(`${deck.id}:`) && storedIds.has(source))) hits++;
    }
    if (hits > bestHits) {
      best = deck;
      bestHits = hits;
    }
  }
  return best;
}

/** The origin recorded on a deck made from a `#deck column:` name. */
export function namedDeckOrigin(name: string): string {
  return `anki-deck:${name}`;
}
