import { describe, expect, it } from 'vitest';
import { withDerivedColumns } from '../../src/lib/db/derive';
import type { CardRow } from '../../src/lib/db/schema';
import { planDeckMerge } from '../../src/lib/decks/merge-plan';
import { LEECH_TAG } from '../../src/lib/srs/leech';
import { cardRow } from './card-rows';
import { cardFields, cardFromBody, isPristine } from '../../src/lib/sync/engine/documents';

const card = (id: string, tags: string[], extra: Partial<CardRow> = {}): CardRow => withDerivedColumns(cardRow(id, { front: 'Q', back: 'A', tags, ...extra }));
const stamped = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v, 's1'] as [unknown, string]]));

describe('the leech tag and noteId in sync documents', () => {
  it('a built-in leech sends its mark (built-in cards send no tags), and the other device tags it', () => {
    const leech = card('net-osi', ['net', LEECH_TAG]);
    const fields = cardFields(leech, { source: 'builtin' }, true);
    expect(fields).toMatchObject({ leech: true });
    expect(fields).not.toHaveProperty('tags');
    expect(isPristine(fields)).toBe(false);
    expect(isPristine(cardFields(card('net-osi', ['net']), { source: 'builtin' }, true))).toBe(true);
    const there = cardFromBody(card('net-osi', ['net']), { t: 'card', id: 'net-osi', deckId: 'd', f: stamped(fields) }, 5)!;
    expect(there.tags).toEqual(['net', LEECH_TAG]);
    const untagged = cardFromBody(there as CardRow, { t: 'card', id: 'net-osi', deckId: 'd', f: stamped({ ...fields, leech: false }) }, 6)!;
    expect(untagged.tags).toEqual(['net']);
  });

  it("an imported card sends its noteId, and a new device's copy keeps it", () => {
    const imported = card('imp:a:G.1', ['x'], { noteId: 'a:G' });
    const fields = cardFields(imported, { source: 'import' }, false);
    expect(fields.noteId).toBe('a:G');
    expect(cardFromBody(undefined, { t: 'card', id: 'imp:a:G.1', deckId: 'imp', f: stamped(fields) }, 5)!.noteId).toBe('a:G');
  });
});

describe('a deck update keeps the leech tag', () => {
  it('is not a change of the card, and a text change keeps the tag', () => {
    const stored = [card('a', ['net', LEECH_TAG]), card('b', [LEECH_TAG, 'net'])];
    const plan = planDeckMerge(
      stored,
      [
        { id: 'a', front: 'Q', back: 'A', tags: ['net'] },
        { id: 'b', front: 'Q2', back: 'A', tags: ['net'] }
      ],
      9
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.updated.map((c) => [c.id, c.front, c.tags])).toEqual([['b', 'Q2', ['net', LEECH_TAG]]]);
  });
});
