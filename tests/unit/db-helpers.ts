import type Dexie from 'dexie';
import { markGatewayTransaction } from '../../src/lib/db/gateway-guard';
import { FlashcardDatabase } from '../../src/lib/db/database';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { renderCardHtml } from '../../src/lib/cards/stored-html';
import type { CompiledDeck } from '../../src/lib/decks/types';

let counter = 0;

/** A fresh, uniquely named database per test. */
export function freshDb(): FlashcardDatabase {
  return new FlashcardDatabase(`test-${process.pid}-${++counter}`);
}

export function makeDeck(id: string, count: number, hash = 'v1'): CompiledDeck {
  return {
    id,
    title: `Deck ${id}`,
    description: '',
    hash,
    cards: Array.from({ length: count }, (_, i) => ({ id: `${id}-c${i}`, front: `Q${i}`, back: `A${i}`, tags: [] }))
  };
}

/** The deck with HTML on every card, as the deck compiler emits it (a stand-in renderer: `<tag>text</tag>`). */
export function withHtml(deck: CompiledDeck, tag = 'p'): CompiledDeck {
  const render = (text: string) => `<${tag}>${text}</${tag}>`;
  return { ...deck, cards: deck.cards.map((c) => ({ ...c, html: renderCardHtml(c, render) })) };
}

export async function seededDb(deckId = 'd', count = 30, now = Date.UTC(2026, 0, 10, 12)): Promise<FlashcardDatabase> {
  const db = freshDb();
  await syncBuiltinDeck(db, makeDeck(deckId, count), 0, now);
  return db;
}

/**
 * Writes test fixtures straight into Dexie tables, around the write gateway (which refuses any
 * other write): for rows the app itself would never write (an old version's rows, a broken
 * `queue`, a NaN due date) and for setting up state quickly. Never used by app code.
 */
export function fixtureWrite<T>(db: Dexie, work: () => Promise<T>): Promise<T> {
  return db.transaction('rw', db.tables, (trans) => {
    markGatewayTransaction(trans.idbtrans);
    return work();
  });
}
