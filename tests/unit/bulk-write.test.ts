import { describe, expect, it } from 'vitest';
import { ChangeSet } from '../../src/lib/db/change-set';
import { transactRaw } from '../../src/lib/db/gateway-raw';
import { Store } from '../../src/lib/db/stores';
import { seededDb } from './db-helpers';

describe('a bulk write through the raw gateway (an import)', () => {
  it('stores every row of a put larger than its pipeline, in the order given back, the last row of a repeated id winning', async () => {
    const db = await seededDb('d', 1);
    const template = (await db.cards.get('d-c0'))!;
    // Ids in descending order: the put sorts them, the rows it returns keep this order.
    const total = 5_500;
    const cards = Array.from({ length: total }, (_, i) => ({ ...template, id: `d-x${String(total - i).padStart(5, '0')}`, ord: i, front: `Q${i}` }));
    // The same id twice: the later row is what the file says last.
    cards.push({ ...cards[5], front: 'written last' });
    const seen: number[] = [];
    const rows = await transactRaw(db, [Store.cards], (w) => w.putCardsIndexLater(cards, (done) => seen.push(done)));
    expect(rows.map((r) => r.id)).toEqual(cards.map((c) => c.id));
    expect(seen.at(-1)).toBe(cards.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await db.cards.where('deckId').equals('d').count()).toBe(1 + total);
    expect((await db.cards.get(cards[5].id))!.front).toBe('written last');
    expect((await db.cards.get(cards[6].id))!.front).toBe('Q6');
  }, 60_000);
});

describe('what a committed change tells other tabs', () => {
  it('names the cards of a small change, and only the decks of a bulk one', () => {
    const small = new ChangeSet();
    small.record({ store: Store.cards, key: 'd-c0', op: 'put', deckId: 'd' });
    expect(small.toDataChange()).toEqual({ deckIds: ['d'], cardIds: ['d-c0'] });
    const bulk = new ChangeSet();
    for (let i = 0; i < 5000; i++) bulk.record({ store: Store.cards, key: `i:${i}`, op: 'put', deckId: 'imported' });
    bulk.record({ store: Store.decks, key: 'imported', op: 'put', deckId: 'imported' });
    expect(bulk.toDataChange()).toEqual({ deckIds: ['imported'] });
  });
});
