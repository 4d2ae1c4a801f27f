import { describe, expect, it } from 'vitest';
import { clearHtmlBacklog, htmlBacklog, markHtmlBacklog, renderHtmlBatch, storeCardHtml } from '../../src/lib/cards/html-backlog';
import { cardTextHash, storedCardHtml } from '../../src/lib/cards/stored-html';
import { editCard } from '../../src/lib/cards/actions';
import { seededDb, fixtureWrite } from './db-helpers';

// Stands in for the page's renderMarkdown: these tests are about which cards get HTML and when.
const render = (markdown: string) => `<p>${markdown}</p>`;

async function drainAll(db: Awaited<ReturnType<typeof seededDb>>, size: number) {
  let lastId: string | null = null;
  let rendered = 0;
  let batches = 0;
  do {
    const batch = await renderHtmlBatch(db, render, lastId, size);
    lastId = batch.lastId;
    rendered += batch.rendered;
    batches++;
  } while (lastId !== null);
  return { rendered, batches };
}

describe('stored HTML for cards written without it', () => {
  it('renders every card that lacks HTML, batch by batch, and leaves the others alone', async () => {
    const db = await seededDb('d', 7); // seeded without HTML, like an import
    await fixtureWrite(db, () => db.cards.update('d-c3', { deleted: true }));
    const { rendered, batches } = await drainAll(db, 3);
    expect(rendered).toBe(6); // the deleted card is skipped
    expect(batches).toBe(4); // 3 + 3 + 1 rows, then the empty read that ends the pass
    for (const card of await db.cards.toArray()) {
      if (card.deleted) expect(card.rendered).toBeUndefined();
      else expect(storedCardHtml(card)).toMatchObject({ front: `<p>${card.front}</p>`, back: `<p>${card.back}</p>` });
    }
    // A second pass finds nothing to do.
    expect((await drainAll(db, 3)).rendered).toBe(0);
  });

  it('re-renders a card whose text changed after it was rendered', async () => {
    const db = await seededDb('d', 2);
    await drainAll(db, 10);
    await editCard(db, 'd-c0', { front: 'New **question**', back: 'A0', tags: [] });
    expect(storedCardHtml((await db.cards.get('d-c0'))!)).toBeNull();
    expect((await drainAll(db, 10)).rendered).toBe(1);
    expect(storedCardHtml((await db.cards.get('d-c0'))!)?.front).toBe('<p>New **question**</p>');
  });

  it('never stores HTML made from text that has been edited since', async () => {
    const db = await seededDb('d', 1);
    const card = (await db.cards.get('d-c0'))!;
    const stale = { front: render(card.front), back: render(card.back), source: cardTextHash(card) };
    await editCard(db, 'd-c0', { front: 'Edited meanwhile', back: card.back, tags: [] });
    await storeCardHtml(db, new Map([['d-c0', stale]]));
    expect((await db.cards.get('d-c0'))!.rendered).toBeUndefined();
  });

  it('the flag is cleared only if no write marked it again during the pass', async () => {
    const db = await seededDb('d', 1);
    expect(await htmlBacklog(db)).toBeNull();
    await markHtmlBacklog(db);
    const seen = (await htmlBacklog(db))!;
    expect(seen).not.toBeNull();
    await markHtmlBacklog(db); // an import finished while the pass ran
    expect(await clearHtmlBacklog(db, seen)).toBe(false);
    const again = (await htmlBacklog(db))!;
    expect(await clearHtmlBacklog(db, again)).toBe(true);
    expect(await htmlBacklog(db)).toBeNull();
  });
});
