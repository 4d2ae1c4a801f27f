import { describe, expect, it } from 'vitest';
import { rowProblems } from '../../src/lib/backup/validate';
import type { CardRow, DeckRow } from '../../src/lib/db/schema';
import { cardRow } from './card-rows';
import { cardFields, cardFromBody, deckFields, deckFromBody, type Fields } from '../../src/lib/sync/engine/documents';

const card: CardRow = cardRow('import_x:a:g.0', {
  deckId: 'import_x',
  front: 'Capital of France?',
  back: 'Paris',
  due: 1,
  typeIn: { field: 'Back', expected: 'Paris', cloze: false }
});
const deck: DeckRow = { id: 'import_x', title: 'Geo', description: '', source: 'import', hash: 'h', position: 1000, origin: 'geo', typeAnswer: true };
const stamped = (values: Record<string, unknown>): Fields => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v, '1-a']]));

describe('type-in answers and deck identity travel with the rows', () => {
  it('a backup accepts them, and refuses a malformed type-in answer', () => {
    expect(rowProblems('cards', card)).toEqual([]);
    expect(rowProblems('decks', deck)).toEqual([]);
    expect(rowProblems('cards', { ...card, typeIn: { field: 'Back', expected: 3, cloze: false } }).join()).toContain('typeIn');
  });

  it("sync sends a card's type-in answer and a deck's option and origin, and applies them on the other device", () => {
    const fields = cardFields(card, deck, false);
    expect(fields.typeIn).toEqual(card.typeIn);
    const { typeIn: _typeIn, ...without } = card;
    expect(cardFromBody(without as CardRow, { t: 'card', id: card.id, deckId: card.deckId, f: stamped(fields) }, 2)!.typeIn).toEqual(card.typeIn);
    const dFields = deckFields(deck);
    expect(dFields).toMatchObject({ origin: 'geo', typeAnswer: true });
    expect(deckFromBody({ ...deck, typeAnswer: undefined, origin: undefined }, { t: 'deck', id: deck.id, f: stamped(dFields) })).toMatchObject({
      origin: 'geo',
      typeAnswer: true
    });
  });
});
