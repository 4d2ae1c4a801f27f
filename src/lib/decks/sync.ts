import type { FlashcardDatabase } from '../db/database';
import { cardTextHash } from '../cards/stored-html';
import { transact } from '../db/gateway';
import type { CardInput } from '../db/derive';
import { CardIndex, Store } from '../db/stores';
import { newSchedule } from '../srs/scheduler';
import { planDeckMerge, retired } from './merge-plan';
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
    const stored = await db.cards.where(CardIndex.deckId).equals(deck.id).toArray();
    const incoming = deck.cards.map(({ html, ...card }) => ({ ...card, ...(html ? { rendered: { ...html, source: cardTextHash(card) } } : {}) }));
    const plan = planDeckMerge(stored, incoming, now);
    const added: CardInput[] = plan.added.map(({ card, ord }) => ({
      ...card,
      deckId: deck.id,
      ord,
      createdAt: now,
      updatedAt: now,
      ...newSchedule(now),
      suspended: false,
      retired: false
    }));
    await w.putCards([...added, ...plan.updated, ...plan.rewritten, ...retired(plan.missing)]);
    // The user's choices on the deck (hidden, daily limits) stay; the rest follows the deck file.
    await w.putDecks([
      { ...existing, id: deck.id, title: deck.title, description: deck.description, parent: deck.parent, source: 'builtin', hash: deck.hash, position }
    ]);
    return { added: added.length, updated: plan.updated.length, retired: plan.missing.length, unchanged: false };
  });
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
