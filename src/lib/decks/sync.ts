import { announceChange } from '../db/changes';
import type { FlashcardDatabase } from '../db/database';
import { cardTextHash } from '../cards/stored-html';
import { Queue, type CardRow } from '../db/schema';
import { queueFor } from '../srs/queue';
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
  return db.transaction('rw', db.decks, db.cards, async () => {
    const existing = await db.decks.get(deck.id);
    if (existing?.hash === deck.hash && existing.position === position) return { added: 0, updated: 0, retired: 0, unchanged: true };
    const stored = new Map((await db.cards.where('deckId').equals(deck.id).toArray()).map((c) => [c.id, c]));
    const writes: CardRow[] = [];
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
          retired: false,
          queue: Queue.New
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
      next.queue = queueFor(next, next);
      writes.push(next);
      if (contentChanged) updated++;
    });
    let retired = 0;
    for (const gone of stored.values()) {
      if (gone.retired) continue;
      writes.push({ ...gone, retired: true, queue: Queue.Retired });
      retired++;
    }
    await db.cards.bulkPut(writes);
    // The user's choices on the deck (hidden, daily limits) stay; the rest follows the deck file.
    await db.decks.put({
      ...existing,
      id: deck.id,
      title: deck.title,
      description: deck.description,
      parent: deck.parent,
      source: 'builtin',
      hash: deck.hash,
      position
    });
    return { added, updated, retired, unchanged: false };
  });
}

function sameHtml(a: CardRow['rendered'], b: CardRow['rendered']): boolean {
  if (!a || !b) return a === b;
  return a.source === b.source && a.front === b.front && a.back === b.back && (a.more ?? '') === (b.more ?? '');
}

export interface SyncOrder {
  /** The deck to merge before any other (the one a first visit opened). */
  first?: string;
  /** Called once `first` is merged, before the others (not called when it needed no merge or is not built in). */
  onFirstMerged?: () => void;
  /** After merging `first`, the other decks wait for this (the first screen painted: they would compete with it). */
  restAfter?: Promise<unknown>;
}

/**
 * Fetches the compiled manifest and merges every built-in deck whose content changed; returns
 * how many did. `order.first` is merged first; the other decks' files are then requested at
 * once (one round trip, not one per deck) and merged in manifest order.
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
  const changed = manifest.decks
    .map((entry, position) => ({ entry, position }))
    .filter(({ entry, position }) => stored.get(entry.id)?.hash !== entry.hash || stored.get(entry.id)?.position !== position);
  const fetchDeck = (file: string) =>
    fetcher(`${baseUrl}/decks/${file}`).then((r) => {
      if (!r.ok) throw new Error(`could not load deck ${file} (HTTP ${r.status})`);
      return r.json() as Promise<CompiledDeck>;
    });
  const merged: string[] = [];
  try {
    const lead = changed.find(({ entry }) => entry.id === order.first);
    if (lead) {
      await syncBuiltinDeck(db, await fetchDeck(lead.entry.file), lead.position, now);
      merged.push(lead.entry.id);
      order.onFirstMerged?.();
      await order.restAfter;
    }
    const rest = changed.filter((c) => c !== lead).map((c) => ({ ...c, body: fetchDeck(c.entry.file) }));
    for (const { body } of rest) body.catch(() => undefined); // a failure is reported by the await below
    for (const { entry, position, body } of rest) {
      await syncBuiltinDeck(db, await body, position, now);
      merged.push(entry.id);
    }
  } finally {
    if (merged.length) announceChange({ deckIds: merged });
  }
  return merged.length;
}
