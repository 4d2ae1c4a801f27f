import type { CardRow } from '../db/schema';
import { LEECH_TAG, withLeechTag } from '../srs/leech';

/** A card of a deck file (built-in deck or import), already under its final card id. */
export interface IncomingCard {
  id: string;
  front: string;
  back: string;
  more?: string;
  tags: string[];
  /** Built-in decks ship their HTML; imported cards get theirs later (html-backlog.ts). */
  rendered?: CardRow['rendered'];
}

/**
 * What merging a deck file into the stored deck would do. Pure: the same plan drives the
 * import preview, the import write and the built-in deck update, so what the preview says is
 * what is written.
 */
export interface DeckMergePlan<T extends IncomingCard> {
  /** Cards new to the deck, with their position in the file (the caller gives them a schedule). */
  added: { card: T; ord: number }[];
  /** Stored cards whose text or tags change, or that come back after being retired: rows to write. */
  updated: CardRow[];
  /** Stored cards whose visible content is the same but whose order or stored HTML changes: rows to write, not reported as updates. */
  rewritten: CardRow[];
  /** Stored cards the file leaves exactly as they are. */
  unchanged: number;
  /** Stored cards the user edited whose text differs from the file's: the user's text is kept (only the order follows the file). */
  keptEdits: number;
  /** Stored, studiable cards the file no longer has (retired by the caller when it chooses to). */
  missing: CardRow[];
}

/**
 * Text and tags as the user sees them; tags in their stored order. The leech tag is the app's
 * mark of the user's history with the card (srs/leech.ts), not the file's: it is not compared.
 */
export function sameContent(a: Pick<CardRow, 'front' | 'back' | 'more' | 'tags'>, b: Pick<IncomingCard, 'front' | 'back' | 'more' | 'tags'>): boolean {
  const at = withLeechTag(a.tags, false);
  const bt = withLeechTag(b.tags, false);
  return a.front === b.front && a.back === b.back && (a.more ?? '') === (b.more ?? '') && at.length === bt.length && at.every((t, i) => t === bt[i]);
}

function sameHtml(a: CardRow['rendered'], b: CardRow['rendered']): boolean {
  if (!a || !b) return a === b;
  return a.source === b.source && a.front === b.front && a.back === b.back && (a.more ?? '') === (b.more ?? '');
}

/**
 * Matches the file's cards to the stored ones by id. Changed text is taken in place (the schedule
 * is never touched), except on cards the user edited, which keep the user's text; cards back in
 * the file after being retired return; stored cards missing from the file are listed, never
 * deleted. `now` stamps `updatedAt` of changed cards.
 */
export function planDeckMerge<T extends IncomingCard>(stored: Iterable<CardRow>, incoming: readonly T[], now: number): DeckMergePlan<T> {
  const left = new Map<string, CardRow>();
  for (const card of stored) left.set(card.id, card);
  const plan: DeckMergePlan<T> = { added: [], updated: [], rewritten: [], unchanged: 0, keptEdits: 0, missing: [] };
  incoming.forEach((card, ord) => {
    const old = left.get(card.id);
    left.delete(card.id);
    if (!old) {
      plan.added.push({ card, ord });
      return;
    }
    const differs = !sameContent(old, card);
    const takeText = differs && !old.edited;
    // A card the user edited keeps the user's text, and no HTML made from the file's text.
    const html = old.edited ? old.rendered : card.rendered;
    const htmlChanged = !old.edited && card.rendered !== undefined && !sameHtml(old.rendered, card.rendered);
    if (differs && old.edited) plan.keptEdits++;
    if (!takeText && !htmlChanged && old.ord === ord && !old.retired) {
      plan.unchanged++;
      return;
    }
    const next: CardRow = { ...old, ord, retired: false };
    if (takeText) {
      // A leech stays one when its deck's text changes.
      Object.assign(next, { front: card.front, back: card.back, tags: withLeechTag(card.tags, old.tags.includes(LEECH_TAG)), updatedAt: now });
      if (card.more) next.more = card.more;
      else delete next.more;
    }
    if (html && (takeText || htmlChanged)) next.rendered = html;
    else if (takeText) delete next.rendered;
    if (takeText || old.retired) plan.updated.push(next);
    else plan.rewritten.push(next);
  });
  for (const gone of left.values()) if (!gone.retired) plan.missing.push(gone);
  return plan;
}

/** The rows that retire `cards` (hidden from study, history kept). */
export function retired(cards: readonly CardRow[]): CardRow[] {
  return cards.map((card) => ({ ...card, retired: true }));
}
