import type { FlashcardDatabase } from '../db/database';
import { cardTextHash } from '../cards/stored-html';
import { transact } from '../db/gateway';
import type { CardInput } from '../db/derive';
import type { CardRow } from '../db/schema';
import { CardIndex, Store } from '../db/stores';
import { newSchedule } from '../srs/scheduler';
import type { CompiledDeck, CompiledManifest } from './types';

export interface SyncResult {
  added: number;
  updated: number;
  retired: number;
  unchanged: boolean;
}

/**
 * Merges one version of a built-in deck into the database. Cards are matched by id: changed
 * text is updated in place with the schedule untouched, new cards arrive as new, and cards
 * that left the deck are retired (hidden, history kept), never deleted. Each card's build-time
 * HTML is stored with it (`rendered`), except on cards the user edited.
 */
export async function syncBuiltinDeck(db: FlashcardDatabase, deck: CompiledDeck, position: number, now: number): Promise<SyncResult> {
  return transact(db, [Store.decks, Store.cards], async (w) => {
    const existing = await db.decks.get(deck.id);
    if (existing?.hash === deck.hash && existing.position === position) return { added: 0, updated: 0, retired: 0, unchanged: true };
    const stored = new Map((await db.cards.where(CardIndex.deckId).equals(deck.id).toArray()).map((c) => [c.id, c]));
    const writes: CardInput[] = [];
    let added = 0;
    let updated = 0;
    deck.cards.forEach((card, ord) => {
      const old = stored.get(card.id);
      stored.delete(card.id);
      const rendered = card.html && { ...card.html, source: cardTextHash(card) };
      if (!old) {
        const schedule = newSchedule(now);
        writes.push({
          id: card.id,
          deckId: deck.id,
          ord,
          front: card.front,
          back: card.back,
          tags: card.tags,
          ...(card.more ? { more: card.more } : {}),
          ...(rendered ? { rendered } : {}),
          createdAt: now,
          updatedAt: now,
          ...schedule,
          suspended: false,
          retired: false
        });
        added++;
        return;
      }
      // A card whose text the user edited keeps the user's text (and gets no built-in HTML, which
      // is of the deck's text); only its position follows the deck.
      const contentChanged =
        !old.edited && (old.front !== card.front || old.back !== card.back || (old.more ?? '') !== (card.more ?? '') || old.tags.join() !== card.tags.join());
      // New HTML for the same text (a renderer change, or cards stored before decks carried HTML)
      // is written too, but it is not an update the user would see as changed content.
      const htmlChanged = !old.edited && !sameHtml(old.rendered, rendered);
      if (!contentChanged && !htmlChanged && old.ord === ord && !old.retired) return;
      const next: CardRow = { ...old, ord, retired: false };
      if (contentChanged) {
        Object.assign(next, { front: card.front, back: card.back, tags: card.tags, updatedAt: now });
        if (card.more) next.more = card.more;
        else delete next.more;
      }
      if (!old.edited) {
        if (rendered) next.rendered = rendered;
        else delete next.rendered;
      }
      writes.push(next);
      if (contentChanged) updated++;
    });
    let retired = 0;
    for (const gone of stored.values()) {
      if (gone.retired) continue;
      writes.push({ ...gone, retired: true });
      retired++;
    }
    await w.putCards(writes);
    // The user's choices on the deck (hidden, daily limits) stay; the rest follows the deck file.
    await w.putDecks([
      {
        ...existing,
        id: deck.id,
        title: deck.title,
        description: deck.description,
        parent: deck.parent,
        source: 'builtin',
        hash: deck.hash,
        position
      }
    ]);
    return { added, updated, retired, unchanged: false };
  });
}

function sameHtml(a: CardRow['rendered'], b: CardRow['rendered']): boolean {
  if (!a || !b) return a === b;
  return a.source === b.source && a.front === b.front && a.back === b.back && (a.more ?? '') === (b.more ?? '');
}

/** Fetches the compiled manifest and merges every built-in deck whose content changed; returns how many did. */
export async function syncBuiltinDecks(db: FlashcardDatabase, baseUrl: string, now = Date.now(), fetcher: typeof fetch = fetch): Promise<number> {
  const response = await fetcher(`${baseUrl}/decks/manifest.json`);
  if (!response.ok) throw new Error(`could not load the built-in decks (HTTP ${response.status})`);
  const manifest = (await response.json()) as CompiledManifest;
  const stored = new Map((await db.decks.toArray()).map((d) => [d.id, d]));
  const changed: string[] = [];
  for (const [position, entry] of manifest.decks.entries()) {
    const old = stored.get(entry.id);
    if (old?.hash === entry.hash && old.position === position) continue;
    changed.push(entry.id);
    const deckResponse = await fetcher(`${baseUrl}/decks/${entry.file}`);
    if (!deckResponse.ok) throw new Error(`could not load deck ${entry.id} (HTTP ${deckResponse.status})`);
    await syncBuiltinDeck(db, (await deckResponse.json()) as CompiledDeck, position, now);
  }
  return changed.length;
}
