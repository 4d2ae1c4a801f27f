import type { SqlJsStatic } from 'sql.js';
import { bytesHash, contentHash } from '../../decks/hash';
import { ImportError, type ImportProblem, type ParsedImport } from '../types';
import { openCollection, type AnkiCollection } from './collection';
import { deckTitle } from './deck-title';
import { cardsFromNotes, type Progress } from './note-cards';
import { openPackage } from './open-package';
import { loadPackageMedia } from './package-media';

export type { Progress };

/**
 * An Anki .apkg / .colpkg: notes and their cards, tags, images and sounds, and the review history.
 * Stages: open the zip within the limits (open-package.ts), read the collection (collection.ts),
 * load the referenced media (package-media.ts), make cards from notes (note-cards.ts) with their
 * revlog (revlog.ts).
 */
export async function parseAnkiPackage(
  bytes: Uint8Array,
  fileName: string,
  loadSql: () => Promise<SqlJsStatic>,
  onProgress: Progress = () => {},
  now = Date.now()
): Promise<ParsedImport> {
  onProgress(0.02, 'Opening the package');
  const pkg = openPackage(bytes, fileName);
  onProgress(0.15, 'Reading the collection');
  const collection = openCollection(await loadSql(), pkg.sqlite, fileName);
  onProgress(0.4, 'Reading notes');
  const problems: ImportProblem[] = [];
  const { media, lookup } = loadPackageMedia(pkg, collection.notes, problems);
  const { cards, noteTypeCss } = cardsFromNotes(collection, lookup, problems, onProgress, now);
  if (cards.length === 0 && problems.every((p) => p.severity !== 'error')) throw nothingToImport(collection, fileName);
  onProgress(1, 'Done');
  return {
    fileName,
    format: 'apkg',
    suggestedTitle: deckTitle(collection, fileName),
    description: '',
    cards,
    problems,
    media,
    ...(noteTypeCss ? { noteTypeCss } : {}),
    hash: contentHash(`${fileName}:${bytes.length}:${bytesHash(bytes.subarray(0, 1 << 20))}`)
  };
}

function nothingToImport(collection: AnkiCollection, fileName: string): ImportError {
  const dummy = collection.notes.length === 1 && /update to the latest/i.test(collection.notes[0].fields.join(' '));
  return new ImportError(
    dummy
      ? `"${fileName}" needs a newer Anki to read. In Anki, export it again with "Support older Anki versions" ticked.`
      : `"${fileName}" has no cards to import.`
  );
}
