import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import type { CardInput } from '../db/derive';
import { CardIndex, Store } from '../db/stores';
import { addedCard, withStoredHtml } from './new-card';
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
    const plan = planDeckMerge(stored, deck.cards.map(withStoredHtml), now);
    const added: CardInput[] = plan.added.map(({ card, ord }) => addedCard(card, deck.id, ord, now));
    await w.putCards([...added, ...plan.updated, ...plan.rewritten, ...retired(plan.missing)]);
    // The user's choices on the deck (hidden, daily limits) stay; the rest follows the deck file.
    await w.putDecks([
      { ...existing, id: deck.id, title: deck.title, description: deck.description, parent: deck.parent, source: 'builtin', hash: deck.hash, position }
    ]);
    return { added: added.length, updated: plan.updated.length, retired: plan.missing.length, unchanged: false };
  });
}

/** A built-in deck to merge: its id, its file under `decks/`, and its place in the manifest. */
export interface BuiltinDeckEntry {
  id: string;
  file: string;
  position: number;
}

export interface SyncOrder {
  /** The deck to merge before any other (the one a first visit opened). */
  first?: string;
  /** Called once `first` is merged, before the others (not called when it needed no merge or is not built in). */
  onFirstMerged?: () => void;
  /** After merging `first`, the other decks wait for this (the first screen painted: they would compete with it). */
  restAfter?: Promise<unknown>;
  /** Merges the decks after `first` and returns how many it merged: by default on this page (mergeBuiltinDecks); the app's run in a worker. */
  mergeRest?: (decks: BuiltinDeckEntry[]) => Promise<number>;
}

/**
 * Fetches the compiled manifest and merges every built-in deck whose content changed; returns
 * how many did. `order.first` is merged first; the others then by `order.mergeRest`.
 */
export async function syncBuiltinDecks(
  db: FlashcardDatabase,
  baseUrl: string,
  now = Date.now(),
  fetcher: typeof fetch = fetch,
  order: SyncOrder = {}
): Promise<number> {
  const response = await fetcher(`${baseUrl}/decks/manifest.json`);
  if (!response.ok) throw new Error(`could not load the built-in decks (HTTP ${response.status})`);
  const manifest = (await response.json()) as CompiledManifest;
  const stored = new Map((await db.decks.toArray()).map((d) => [d.id, d]));
  const changed: BuiltinDeckEntry[] = manifest.decks
    .map(({ id, file }, position) => ({ id, file, position }))
    .filter(({ id, position }) => stored.get(id)?.hash !== manifest.decks[position].hash || stored.get(id)?.position !== position);
  const lead = changed.find(({ id }) => id === order.first);
  if (lead) {
    await mergeBuiltinDecks(db, baseUrl, [lead], now, fetcher);
    order.onFirstMerged?.();
    await order.restAfter;
  }
  const rest = changed.filter((c) => c !== lead);
  if (!rest.length) return lead ? 1 : 0;
  const merged = await (order.mergeRest ?? ((decks) => mergeBuiltinDecks(db, baseUrl, decks, now, fetcher)))(rest);
  return merged + (lead ? 1 : 0);
}

/**
 * Merges `decks` in the order given, each its own gateway transaction (which announces it to other
 * tabs); their files are requested at once (one round trip, not one per deck). Returns how many.
 */
export async function mergeBuiltinDecks(
  db: FlashcardDatabase,
  baseUrl: string,
  decks: BuiltinDeckEntry[],
  now = Date.now(),
  fetcher: typeof fetch = fetch
): Promise<number> {
  const bodies = decks.map(({ file }) =>
    fetcher(`${baseUrl}/decks/${file}`).then((r) => {
      if (!r.ok) throw new Error(`could not load deck ${file} (HTTP ${r.status})`);
      return r.json() as Promise<CompiledDeck>;
    })
  );
  for (const body of bodies) body.catch(() => undefined); // a failure is reported by the await below
  for (const [i, { position }] of decks.entries()) await syncBuiltinDeck(db, await bodies[i], position, now);
  return decks.length;
}
