import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTimeRenderer } from '../../scripts/deck-html';
import { loadDeckDir } from '../../scripts/deck-files';
import { DATABASE_NAME, DATABASE_OPENED_KEY } from '../../src/lib/db/identity';
import { compileDeck } from '../../src/lib/decks/compile';
import { prefetchBuiltinDeck } from '../../src/lib/decks/prefetch';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import type { CompiledDeck } from '../../src/lib/decks/types';
import { firstVisitCard } from '../../src/lib/study/first-visit-card';
import { deckCounts, nextCard } from '../../src/lib/srs/queue';
import { settingsForDeck, studySettingsFrom } from '../../src/lib/srs/settings';
import { freshDb, makeDeck, withHtml } from './db-helpers';

const now = new Date(2026, 11, 7, 9, 30).getTime();

/** The app's networking deck, compiled from cards/ as the build compiles it (HTML rendered over jsdom). */
function builtNetworkingDeck(): CompiledDeck {
  const { decks } = loadDeckDir(join(import.meta.dirname, '..', '..', 'cards'));
  const source = decks.find((d) => d.id === 'networking');
  if (!source) throw new Error('no networking deck in cards/');
  return compileDeck(source, buildTimeRenderer());
}

/** Serves the manifest and `deck`'s file as the app's server does, then starts the page's prefetch. */
function prefetch(deck: CompiledDeck): void {
  const files: Record<string, unknown> = {
    '/decks/manifest.json': { decks: [{ id: deck.id, title: deck.title, hash: deck.hash, cardCount: deck.cards.length, file: `${deck.id}.x.json` }] },
    [`/decks/${deck.id}.x.json`]: deck
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => new Response(JSON.stringify(files[url]), { status: files[url] ? 200 : 404 }))
  );
  dropPrefetch = prefetchBuiltinDeck('', deck.id);
}
let dropPrefetch = () => {};

beforeEach(() => localStorage.removeItem(DATABASE_OPENED_KEY));
afterEach(() => {
  dropPrefetch(); // else the next test's prefetch finds this one's manifest and starts nothing
  vi.unstubAllGlobals();
});

describe("a first visit's first card, from the deck file", () => {
  for (const [name, deck] of [
    ['the built networking deck', builtNetworkingDeck()],
    ['a deck of 40 cards with HTML', withHtml(makeDeck('d', 40))],
    ['a deck of 3 cards without HTML', makeDeck('small', 3)]
  ] as const) {
    it(`is the row, the next card and the counts the database has once ${name} is merged`, async () => {
      prefetch(deck);
      const preview = await firstVisitCard(deck.id, now);
      expect(preview).not.toBeNull();

      const db = freshDb();
      await syncBuiltinDeck(db, deck, 3, now);
      const settings = settingsForDeck(studySettingsFrom(undefined), await db.decks.get(deck.id));
      const next = await nextCard(db, deck.id, now, settings);
      expect(preview!.card).toEqual(next);
      expect(preview!.card).toEqual(await db.cards.get(deck.cards[0].id));
      expect(preview!.counts).toEqual(await deckCounts(db, deck.id, now, settings));
      expect(preview!.settings).toEqual(settings);
      expect(preview!.deck).toMatchObject({ id: deck.id, title: deck.title, source: 'builtin' });
    });
  }

  it('is not made once this browser opened the database', async () => {
    const deck = makeDeck('d', 5);
    localStorage.setItem(DATABASE_OPENED_KEY, '1');
    prefetch(deck);
    expect(await firstVisitCard(deck.id, now)).toBeNull();
  });

  it('is not made when the database is there (an older version: it has history)', async () => {
    const deck = makeDeck('d', 5);
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(DATABASE_NAME, 1);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    try {
      prefetch(deck);
      expect(await firstVisitCard(deck.id, now)).toBeNull();
    } finally {
      await new Promise((resolve) => (indexedDB.deleteDatabase(DATABASE_NAME).onsuccess = resolve));
    }
  });

  it('is not made from a deck file that did not come, or has no cards, or was never asked for', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 404 }))
    );
    dropPrefetch = prefetchBuiltinDeck('', 'gone');
    expect(await firstVisitCard('gone', now)).toBeNull();
    dropPrefetch();
    prefetch(makeDeck('empty', 0));
    expect(await firstVisitCard('empty', now)).toBeNull();
    expect(await firstVisitCard('never-prefetched', now)).toBeNull();
  });
});
