/**
 * The note a card comes from (CardRow.noteId), for cards made several to a note: an Anki note's
 * cards (reversed, cloze c1..cN, any note type with several templates) and a text import's
 * reversed or cloze row. Siblings share it, so answering one can bury the others (srs/siblings.ts).
 *
 * An Anki note's guid is unique across collections (Anki matches notes by it on import), so its
 * cards are siblings wherever they are stored: `a:<guid>`. Other note keys (a text file's id
 * column or a hash of the row) mean something only within one deck: `<deckId>:<key>`.
 */
export function noteIdOf(deckId: string, noteKey: string): string {
  return noteKey.startsWith('a:') ? noteKey : `${deckId}:${noteKey}`;
}

/**
 * The note an imported card's id shows, for cards stored before noteId existed (the schema
 * version 6 upgrade): `<deckId>:a:<guid>.<ord>` (an Anki package, or a text file's guid column)
 * and `<deckId>:h:<hash>.c<n>` (a cloze row keyed by its text). Other ids do not show their
 * note: `i:<id>` keys may themselves end in ".<digits>", and a reversed row's second card is
 * keyed by its own text; those get their noteId when the file is imported again.
 */
export function noteIdFromCardId(cardId: string, deckId: string): string | undefined {
  if (!cardId.startsWith(`${deckId}:`)) return undefined;
  const key = cardId.slice(deckId.length + 1);
  const anki = /^(a:.+)\.\d+$/.exec(key);
  if (anki) return anki[1];
  const cloze = /^(h:[^.]+)\.c\d+$/.exec(key);
  if (cloze) return noteIdOf(deckId, cloze[1]);
  return undefined;
}
