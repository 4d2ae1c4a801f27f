import { CardState, Queue } from '../db/schema';

/** A card counts as mature once its interval is at least this many days (as in Anki). */
export const MATURE_DAYS = 21;

/** The fields of a card the card statistics read. */
export interface CardLike {
  id: string;
  deckId: string;
  front: string;
  queue: number;
  /** 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  scheduledDays: number;
  lapses: number;
  reps: number;
  retired?: boolean;
  deleted?: boolean;
}

export interface StateCounts {
  new: number;
  learning: number;
  review: number;
  relearning: number;
  suspended: number;
}

export interface DeckProgress {
  /** Cards in the deck (retired and deleted cards left out). */
  total: number;
  /** Cards answered at least once. */
  seen: number;
  /** Review cards with an interval of at least MATURE_DAYS. */
  mature: number;
}

export interface HardCard {
  id: string;
  deckId: string;
  front: string;
  lapses: number;
  reps: number;
}

export interface CardStats {
  states: StateCounts;
  decks: Map<string, DeckProgress>;
  /** Cards with the most lapses, most first (ties: more answers first). */
  hardest: HardCard[];
}

function harder(a: HardCard, b: HardCard): boolean {
  return a.lapses > b.lapses || (a.lapses === b.lapses && (a.reps > b.reps || (a.reps === b.reps && a.id < b.id)));
}

/**
 * Card counts by state, per-deck progress and the hardest cards, filled in one pass over card
 * rows. New cards need no row: `addNew` takes the count read from an index.
 */
export class CardTally {
  readonly states: StateCounts = { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0 };
  readonly decks = new Map<string, DeckProgress>();
  private readonly hardest: HardCard[] = [];

  constructor(private readonly hardestLimit = 10) {}

  private deck(deckId: string): DeckProgress {
    let progress = this.decks.get(deckId);
    if (!progress) this.decks.set(deckId, (progress = { total: 0, seen: 0, mature: 0 }));
    return progress;
  }

  /** `count` new cards (not suspended) in a deck. */
  addNew(deckId: string, count: number): void {
    if (count <= 0) return;
    this.states.new += count;
    this.deck(deckId).total += count;
  }

  add(card: CardLike): void {
    if (card.queue === Queue.Retired || card.retired || card.deleted) return;
    const deck = this.deck(card.deckId);
    deck.total++;
    if (card.queue === Queue.Suspended) this.states.suspended++;
    else if (card.state === CardState.New) this.states.new++;
    else if (card.state === CardState.Learning) this.states.learning++;
    else if (card.state === CardState.Review) this.states.review++;
    else if (card.state === CardState.Relearning) this.states.relearning++;
    if (card.state !== CardState.New) deck.seen++;
    if (card.state === CardState.Review && card.scheduledDays >= MATURE_DAYS) deck.mature++;
    if (card.lapses > 0) this.considerHard(card);
  }

  /** Keeps the top `hardestLimit` cards by lapses in a small sorted list. */
  private considerHard(card: CardLike): void {
    const list = this.hardest;
    const entry: HardCard = { id: card.id, deckId: card.deckId, front: card.front, lapses: card.lapses, reps: card.reps };
    if (list.length >= this.hardestLimit && !harder(entry, list[list.length - 1])) return;
    let i = list.length;
    while (i > 0 && harder(entry, list[i - 1])) i--;
    list.splice(i, 0, entry);
    if (list.length > this.hardestLimit) list.pop();
  }

  result(): CardStats {
    return { states: { ...this.states }, decks: new Map(this.decks), hardest: [...this.hardest] };
  }
}

export function cardStats(cards: Iterable<CardLike>, hardestLimit = 10): CardStats {
  const tally = new CardTally(hardestLimit);
  for (const card of cards) tally.add(card);
  return tally.result();
}
