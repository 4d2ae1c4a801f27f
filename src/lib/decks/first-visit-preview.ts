import { DATABASE_NAME } from '../db/identity';
import { prefetchManifest } from './prefetch';

/** A built-in deck as the manifest describes it, before its cards are in the database. */
export interface DeckPreview {
  id: string;
  title: string;
  description: string;
  cardCount: number;
}

/** True when this browser has no database of the app yet (a first visit); false when unsure. */
async function noDatabaseYet(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  try {
    return !(await indexedDB.databases()).some((d) => d.name === DATABASE_NAME);
  } catch {
    return false;
  }
}

/**
 * On a first visit, the built-in decks as the compiled manifest lists them (titles and card
 * counts from the build), so the deck list is painted while the decks' files download and merge;
 * null on any later visit (the database is there and answers quickly). Call it before the
 * database is opened, which creates it.
 */
export async function firstVisitPreview(baseUrl: string): Promise<DeckPreview[] | null> {
  if (!(await noDatabaseYet())) return null;
  const manifest = await prefetchManifest(baseUrl);
  return manifest ? manifest.decks.map(({ id, title, description, cardCount }) => ({ id, title, description: description ?? '', cardCount })) : null;
}
