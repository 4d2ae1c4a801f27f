/**
 * Tells the app's other tabs (and windows and workers of this origin) that the data changed, so
 * they re-read what they show: the deck list its counts, a study screen its header and whether
 * the card on screen can still be graded. Every write calls `announceChange` once it has
 * committed; the write gateway will be the one caller later.
 *
 * A message only says what to re-read; the database stays the truth, and the answer's own
 * transaction still refuses a card that changed since it was shown (card-change.ts), so a
 * missed or late message can cost a stale count for a moment, never a second review.
 */
export interface DataChange {
  /** Decks whose cards, counts or options changed; absent when anything may have changed (import, restore, settings). */
  deckIds?: string[];
  /** Cards whose schedule, flags or text changed, when known. */
  cardIds?: string[];
}

type Listener = (change: DataChange) => void;

const CHANNEL_NAME = 'interview-flashcards:changes';
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null | undefined;

/** One channel per page; null where BroadcastChannel does not exist (then tabs only agree through the database). */
function changesChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  if (typeof BroadcastChannel === 'undefined') return (channel = null);
  channel = new BroadcastChannel(CHANNEL_NAME);
  // In Node (unit tests) an open channel would keep the process alive.
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = (event: MessageEvent<DataChange>) => {
    for (const listener of listeners) listener(event.data ?? {});
  };
  return channel;
}

/** Tells the other tabs that data changed (after the write committed). Never throws: a write must not fail for it. */
export function announceChange(change: DataChange = {}): void {
  try {
    changesChannel()?.postMessage(change);
  } catch (error) {
    console.warn('could not tell other tabs about a change:', error);
  }
}

/** Calls `listener` for each change announced by another tab; returns the unsubscribe function. */
export function onOtherTabChange(listener: Listener): () => void {
  changesChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when `change` may concern `deckId`. */
export function concernsDeck(change: DataChange, deckId: string): boolean {
  return !change.deckIds || change.deckIds.includes(deckId);
}

/**
 * Runs `refresh` after changes in other tabs, one run at a time: changes that arrive while it
 * runs lead to one more run, not one per change (a burst of answers elsewhere, an import).
 */
export function refreshOnOtherTabChange(refresh: (change: DataChange) => Promise<unknown>, wanted: (change: DataChange) => boolean = () => true): () => void {
  let running = false;
  let again: DataChange | null = null;
  const run = async (change: DataChange) => {
    if (running) {
      again = again ? merge(again, change) : change;
      return;
    }
    running = true;
    try {
      await refresh(change);
    } catch (error) {
      console.warn('refresh after a change in another tab failed:', error);
    } finally {
      running = false;
      const next = again;
      again = null;
      if (next) void run(next);
    }
  };
  return onOtherTabChange((change) => {
    if (wanted(change)) void run(change);
  });
}

function merge(a: DataChange, b: DataChange): DataChange {
  const union = (x?: string[], y?: string[]) => (x && y ? [...new Set([...x, ...y])] : undefined);
  return { deckIds: union(a.deckIds, b.deckIds), cardIds: union(a.cardIds, b.cardIds) };
}
