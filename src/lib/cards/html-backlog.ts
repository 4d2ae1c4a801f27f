import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import type { CardRow } from '../db/schema';
import { Store } from '../db/stores';
import { cardTextHash, storedCardHtml, storedHtmlOf, type RenderMarkdown } from './stored-html';

/**
 * Cards written without stored HTML (imported, restored, added or edited by the user) get it
 * here, in the background, so the study screen can show them without loading the Markdown
 * renderer and sanitizer. The stored HTML is only a cache: a card without it is rendered when
 * shown, so losing the flag or stopping half-way costs speed, never correctness.
 */
const FLAG = 'htmlBacklog';

/** Records that some cards may lack stored HTML (call after committing such a write). */
export async function markHtmlBacklog(db: FlashcardDatabase): Promise<void> {
  await transact(db, [Store.settings], (w) => w.putSetting(FLAG, Date.now() + Math.random()));
}

/** The flag's value, or null when every card has been rendered. */
export async function htmlBacklog(db: FlashcardDatabase): Promise<number | null> {
  const value = (await db.settings.get(FLAG))?.value;
  return typeof value === 'number' ? value : null;
}

/** Clears the flag unless a write marked it again since `seen` was read. */
export async function clearHtmlBacklog(db: FlashcardDatabase, seen: number): Promise<boolean> {
  return transact(db, [Store.settings], async (w) => {
    if ((await htmlBacklog(db)) !== seen) return false;
    await w.deleteSetting(FLAG);
    return true;
  });
}

type StoredHtml = NonNullable<CardRow['rendered']>;

/**
 * Renders the cards after `afterId` (primary key order) that lack valid stored HTML, at most
 * `size` rows read, and stores the HTML. Returns the last id read, or null at the end.
 */
export async function renderHtmlBatch(
  db: FlashcardDatabase,
  render: RenderMarkdown,
  afterId: string | null,
  size: number
): Promise<{ lastId: string | null; rendered: number }> {
  const rows = await (afterId === null ? db.cards.orderBy(':id') : db.cards.where(':id').above(afterId)).limit(size).toArray();
  if (!rows.length) return { lastId: null, rendered: 0 };
  const fresh = new Map<string, StoredHtml>();
  for (const card of rows) if (!card.deleted && !storedCardHtml(card)) fresh.set(card.id, storedHtmlOf(card, render));
  const rendered = fresh.size ? await storeCardHtml(db, fresh) : 0;
  return { lastId: rows[rows.length - 1].id, rendered };
}

/**
 * Stores rendered HTML on the cards, each only if the card's text is still the text it was
 * rendered from (a card edited meanwhile is left for the next pass). Returns how many were stored.
 */
export async function storeCardHtml(db: FlashcardDatabase, htmlById: Map<string, StoredHtml>): Promise<number> {
  return transact(db, [Store.cards], async (w) => {
    const cards = (await db.cards.bulkGet([...htmlById.keys()])).filter((c): c is CardRow => !!c);
    const fresh = cards.filter((card) => cardTextHash(card) === htmlById.get(card.id)!.source);
    await w.cacheCardHtml(fresh.map((card) => ({ ...card, rendered: htmlById.get(card.id)! })));
    return fresh.length;
  });
}
