import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore } from '../../src/lib/backup/restore';
import { createBackup } from '../../src/lib/backup/write';
import { editCard } from '../../src/lib/cards/actions';
import { cardTextHash, storedCardHtml } from '../../src/lib/cards/stored-html';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { updateDeck, setDeckHidden } from '../../src/lib/decks/manage';
import { recordAnswer } from '../../src/lib/srs/answer';
import { pickSchedule } from '../../src/lib/srs/scheduler';
import { NOON, scheduler } from './backup-fixtures';
import { freshDb, makeDeck, withHtml } from './db-helpers';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('storedCardHtml', () => {
  const card = { front: 'Q', back: 'A', more: 'M' };
  const rendered = { front: '<p>Q</p>', back: '<p>A</p>', more: '<p>M</p>', source: cardTextHash(card) };

  it('gives the stored HTML while the text is the one it was made from', () => {
    expect(storedCardHtml({ ...card, rendered })).toMatchObject({ front: '<p>Q</p>', back: '<p>A</p>', more: '<p>M</p>' });
  });

  it('rejects HTML made from other text, and cards without any', () => {
    for (const changed of [{ front: 'Q!' }, { back: 'A!' }, { more: 'M!' }, { more: undefined }, { front: 'QA', back: '' }]) {
      expect(storedCardHtml({ ...card, ...changed, rendered }), JSON.stringify(changed)).toBeNull();
    }
    expect(storedCardHtml(card)).toBeNull();
  });

  it('hashes the sides apart', () => {
    expect(cardTextHash({ front: 'ab', back: 'c' })).not.toBe(cardTextHash({ front: 'a', back: 'bc' }));
    expect(cardTextHash({ front: 'a', back: 'b' })).toBe(cardTextHash({ front: 'a', back: 'b', more: '' }));
  });
});

describe('built-in deck sync stores the build-time HTML', () => {
  it('on new cards', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, withHtml({ ...makeDeck('d', 2), cards: [{ id: 'd-m', front: 'Q', back: 'A', more: 'M', tags: [] }] }), 0, NOON);
    const card = (await db.cards.get('d-m'))!;
    expect(card.rendered).toEqual({ front: '<p>Q</p>', back: '<p>A</p>', more: '<p>M</p>', source: cardTextHash(card) });
    expect(storedCardHtml(card)).not.toBeNull();
  });

  it('backfills it when the deck hash changes, as a write but not as an update', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, makeDeck('d', 3, 'v1'), 0, NOON);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, NOON + 1000, 1000);
    const before = (await db.cards.get('d-c0'))!;
    expect(before.rendered).toBeUndefined();

    expect(await syncBuiltinDeck(db, withHtml(makeDeck('d', 3, 'v2')), 0, NOON + 5000)).toEqual({ added: 0, updated: 0, retired: 0, unchanged: false });
    const after = (await db.cards.get('d-c0'))!;
    expect(storedCardHtml(after)).toMatchObject({ front: '<p>Q0</p>', back: '<p>A0</p>' });
    // Only the HTML changed: the text's time and the schedule are untouched.
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(pickSchedule(after)).toEqual(pickSchedule(before));
    expect((await db.cards.toArray()).every((c) => storedCardHtml(c))).toBe(true);

    // A renderer change replaces it.
    await syncBuiltinDeck(db, withHtml(makeDeck('d', 3, 'v3'), 'div'), 0, NOON + 6000);
    expect(storedCardHtml((await db.cards.get('d-c1'))!)?.front).toBe('<div>Q1</div>');
  });

  it('renews it with changed text', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, withHtml(makeDeck('d', 2, 'v1')), 0, NOON);
    const v2 = withHtml({
      ...makeDeck('d', 2, 'v2'),
      cards: [
        { id: 'd-c0', front: 'Q0 clearer', back: 'A0', tags: [] },
        { id: 'd-c1', front: 'Q1', back: 'A1', tags: [] }
      ]
    });
    expect(await syncBuiltinDeck(db, v2, 0, NOON + 1)).toMatchObject({ updated: 1 });
    const card = (await db.cards.get('d-c0'))!;
    expect(card.front).toBe('Q0 clearer');
    expect(storedCardHtml(card)?.front).toBe('<p>Q0 clearer</p>');
  });

  it('gives none to a card the user edited, which keeps the user text (editing clears it)', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, withHtml(makeDeck('d', 2, 'v1')), 0, NOON);
    expect((await db.cards.get('d-c0'))!.rendered).toBeDefined();
    const edited = await editCard(db, 'd-c0', { front: 'My Q', back: 'A0', tags: [] }, NOON + 1);
    expect(edited.rendered).toBeUndefined();
    expect((await db.cards.get('d-c0'))!.rendered).toBeUndefined();

    expect(await syncBuiltinDeck(db, withHtml(makeDeck('d', 2, 'v2'), 'div'), 0, NOON + 2)).toMatchObject({ updated: 0 });
    const card = (await db.cards.get('d-c0'))!;
    expect(card).toMatchObject({ front: 'My Q', edited: true });
    expect(card.rendered).toBeUndefined();
    expect(storedCardHtml((await db.cards.get('d-c1'))!)?.front).toBe('<div>Q1</div>');
  });

  it('keeps the deck settings the user chose', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, makeDeck('d', 2, 'v1'), 0, NOON);
    await updateDeck(db, 'd', { newPerDay: 3, reviewsPerDay: 40 });
    await setDeckHidden(db, 'd', true);
    await syncBuiltinDeck(db, withHtml(makeDeck('d', 2, 'v2')), 0, NOON + 1);
    expect(await db.decks.get('d')).toMatchObject({ hash: 'v2', newPerDay: 3, reviewsPerDay: 40, hidden: true });
  });
});

describe('backups never carry built-in HTML', () => {
  async function deviceWithHtml() {
    const db = freshDb();
    await syncBuiltinDeck(db, withHtml(makeDeck('d', 3, 'v1')), 0, NOON);
    return db;
  }

  /** The device's backup with a card row carrying HTML that would pass the text check. */
  async function hostileBackup(db: Awaited<ReturnType<typeof deviceWithHtml>>, changes: Record<string, unknown> = {}) {
    const whole = JSON.parse(await (await createBackup(db, { appVersion: 'test' })).blob.text());
    const row = { ...whole.tables.cards[0], ...changes };
    row.rendered = { front: HOSTILE, back: HOSTILE, source: cardTextHash(row) };
    whole.tables.cards[0] = row;
    return loadBackupFile(new Blob([JSON.stringify(whole)]));
  }

  it('a backup is written without it', async () => {
    const text = await (await createBackup(await deviceWithHtml(), { appVersion: 'test' })).blob.text();
    expect(text).toContain('"front":"Q0"');
    expect(text).not.toContain('rendered');
    expect(text).not.toContain('<p>');
  });

  it('replace: a file that carries it has it dropped; the next deck merge stores the real one', async () => {
    const source = await deviceWithHtml();
    const backup = await hostileBackup(source);
    expect(backup.tables.cards.some((c) => 'rendered' in c)).toBe(false);

    const target = freshDb();
    await applyRestore(target, backup, 'replace');
    const restored = await target.cards.toArray();
    expect(restored.map((c) => c.rendered)).toEqual([undefined, undefined, undefined]);
    expect((await target.decks.get('d'))!.hash).toBe('');

    // The next start-up merges the deck again (its hash differs) and stores the HTML, nothing else.
    expect(await syncBuiltinDeck(target, withHtml(makeDeck('d', 3, 'v1')), 0, NOON + 1)).toEqual({ added: 0, updated: 0, retired: 0, unchanged: false });
    expect(await target.cards.toArray()).toEqual(await source.cards.toArray());
    expect(await target.decks.toArray()).toEqual(await source.decks.toArray());
  });

  it('merge: a newer row from a file never brings it; this device keeps its own for the same text', async () => {
    const local = await deviceWithHtml();
    const own = (await local.cards.get('d-c0'))!.rendered;
    // Newer content on the other device, same text (d-c0), and changed text (d-c0 stays first).
    await applyRestore(local, await hostileBackup(local, { updatedAt: NOON + 10 }), 'merge');
    const kept = (await local.cards.get('d-c0'))!;
    expect(kept.updatedAt).toBe(NOON + 10);
    expect(kept.rendered).toEqual(own);

    await applyRestore(local, await hostileBackup(local, { updatedAt: NOON + 20, front: 'Changed elsewhere' }), 'merge');
    const changed = (await local.cards.get('d-c0'))!;
    expect(changed.front).toBe('Changed elsewhere');
    expect(changed.rendered).toBeUndefined();
    expect(storedCardHtml(changed)).toBeNull();
  });
});
