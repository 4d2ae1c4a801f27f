import { databaseExists } from '../db/exists';
import { prefetchManifest } from './prefetch';

/** A built-in deck as the manifest describes it, before its cards are in the database. */
export interface DeckPreview {
  id: string;
  title: string;
  description: string;
  cardCount: number;
}

/**
 * On a first visit, the built-in decks as the compiled manifest lists them (titles and card
 * counts from the build), so the deck list is painted while the decks' files download and merge;
 * null on any later visit (the database is there and answers quickly). Call it before the
 * database is opened, which creates it.
 */
export async function firstVisitPreview(baseUrl: string): Promise<DeckPreview[] | null> {
  // Only on a first visit (unsure counts as not: the database answers quickly then).
  if ((await databaseExists()) !== false) return null;
  const manifest = await prefetchManifest(baseUrl);
  return manifest ? manifest.decks.map(({ id, title, description, cardCount }) => ({ id, title, description: description ?? '', cardCount })) : null;
}
