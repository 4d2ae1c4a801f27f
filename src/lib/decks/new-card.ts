import { cardTextHash } from '../cards/stored-html';
import type { CardInput } from '../db/derive';
import { newSchedule } from '../srs/new-schedule';
import type { CompiledCard } from './types';

/** A deck file's card with its build-time HTML as the card stores it (`rendered`, tied to the text it was made from). */
export function withStoredHtml({ html, ...card }: CompiledCard): Omit<CompiledCard, 'html'> & Pick<CardInput, 'rendered'> {
  return { ...card, ...(html ? { rendered: { ...html, source: cardTextHash(card) } } : {}) };
}

/** A card a deck merge adds: new, due now, `ord`-th in the deck's order of new cards. */
export function addedCard<T extends Omit<CompiledCard, 'html'>>(card: T, deckId: string, ord: number, now: number): T & CardInput {
  return { ...card, deckId, ord, createdAt: now, updatedAt: now, ...newSchedule(now), suspended: false, retired: false };
}
