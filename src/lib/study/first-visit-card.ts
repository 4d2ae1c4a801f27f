import { withDerivedColumns } from '../db/derive';
import { databaseExists } from '../db/exists';
import { DATABASE_OPENED_KEY } from '../db/identity';
import type { CardRow, DeckRow } from '../db/schema';
import { addedCard, withStoredHtml } from '../decks/new-card';
import { prefetchBuiltinDeck, prefetchedDeck } from '../decks/prefetch';
import { nextStudyDayStart, studyDayStart } from '../srs/day';
import { countsFromTally, type DeckCounts } from '../srs/queue-tally';
import { settingsForDeck, studySettingsFrom, type StudySettings } from '../srs/settings';

/** What the study screen shows of a deck before its file is merged into the database. */
export interface FirstVisitCard {
  deck: DeckRow;
  card: CardRow;
  settings: StudySettings;
  counts: DeckCounts;
}

/** Whether this browser opened the database before (app-data.ts writes the key); unsure counts as yes. */
function openedBefore(): boolean {
  try {
    return localStorage.getItem(DATABASE_OPENED_KEY) !== null;
  } catch {
    return true;
  }
}

/**
 * On a first visit, the card the study screen will show once the deck is merged, made from the
 * deck file the page prefetched (decks/prefetch.ts): its first card, new, in the row the merge
 * writes (decks/sync.ts), with the default settings' counts. It is painted while Dexie, the
 * scheduler and the merge still download; the database's read then confirms it
 * (study-session.svelte.ts). null on any later visit, or when the file did not come.
 */
export async function firstVisitCard(deckId: string, now: number): Promise<FirstVisitCard | null> {
  const deckFile = prefetchedDeck(deckId); // taken in any case, so the page does not keep it
  if (openedBefore()) return null;
  // Asked before Dexie creates the database: a database that is there holds history (a schema
  // upgrade follows), and its next card is not the file's first.
  const [exists, file] = await Promise.all([databaseExists(), deckFile]);
  if (exists !== false || !file?.cards.length) return null;
  const settings = settingsForDeck(studySettingsFrom(undefined), null);
  const card = withDerivedColumns(addedCard(withStoredHtml(file.cards[0]), file.id, 0, now));
  const deck: DeckRow = { id: file.id, title: file.title, description: file.description, parent: file.parent, source: 'builtin', hash: file.hash, position: 0 };
  const tally = {
    dayStart: studyDayStart(now, settings.rolloverHour),
    dayEnd: nextStudyDayStart(now, settings.rolloverHour),
    answered: 0,
    newIntroduced: 0,
    reviews: 0,
    newAvailable: file.cards.length,
    learningDue: 0,
    reviewsDue: 0
  };
  return { deck, card, settings, counts: countsFromTally(tally, settings) };
}

/**
 * What a study screen that found no database at this version starts first: its deck's file (and
 * the manifest), which the merge then finds under way (prefetch.ts), and, on a first visit, the
 * first card made from that file. Returns at once; the card follows (null when there is none).
 */
export function startWithoutDatabase(baseUrl: string, deckId: string, now: number): { card: Promise<FirstVisitCard | null> } {
  prefetchBuiltinDeck(baseUrl, deckId);
  return { card: firstVisitCard(deckId, now).catch(() => null) };
}
