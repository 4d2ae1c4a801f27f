import { contentHash } from '../decks/hash';
import { parseDeck } from '../decks/parse';
import { KeyRegistry } from './fields';
import { CARD_LIMIT, count, fieldTooLong } from './limits';
import { ImportError, type ImportedCard, type ImportProblem, type ParsedImport } from './types';

/** A Markdown deck in the cards/ format, read with the same parser as the built-in decks. */
export function parseMarkdownDeck(text: string, fileName: string): ParsedImport {
  if (!text.trim()) throw new ImportError(`"${fileName}" is empty: there is no card to import.`);
  // Card headings are counted before the deck is parsed, so a file of millions of tiny cards is refused cheaply.
  let headings = 0;
  for (let at = text.indexOf('\n## '); at >= 0 && headings <= CARD_LIMIT; at = text.indexOf('\n## ', at + 4)) headings++;
  if (headings > CARD_LIMIT) {
    throw new ImportError(
      `"${fileName}" was refused: it has more than ${count(CARD_LIMIT)} cards (the limit per import). Split it into smaller files. Nothing was imported.`
    );
  }
  const { deck, problems: deckProblems } = parseDeck(text, fileName);
  if (!deck) {
    const problems = deckProblems.map((p) => ({ where: `line ${p.line}`, message: p.message }));
    const first = problems[0];
    throw new ImportError(
      `"${fileName}" is not a Markdown deck: ${first ? `${first.where}: ${first.message}` : 'it could not be read'}. The format is described in the app's cards/README.md.`
    );
  }
  // A problem is an error when its card was left out; the others (a tag dropped, a missing
  // output block) are warnings: the card is still imported.
  const kept = new Set(deck.cards.map((c) => c.id));
  const problems: ImportProblem[] = deckProblems.map((p) => {
    const card = /card (?:id )?"([^"]*)"/.exec(p.message)?.[1];
    const dropped = card !== undefined && !kept.has(card);
    return { where: `line ${p.line}`, line: p.line, message: p.message, severity: dropped ? 'error' : 'warning' };
  });
  if (deck.cards.length === 0)
    throw new ImportError(`"${fileName}" has no usable card${problems[0] ? ` (${problems[0].where}: ${problems[0].message})` : ''}.`);
  const keys = new KeyRegistry(problems);
  const cards: ImportedCard[] = [];
  for (const card of deck.cards) {
    const where = `line ${card.line}`;
    const tooLong = fieldTooLong('the front', card.front) ?? fieldTooLong('the back', card.back) ?? fieldTooLong('the "more" part', card.more);
    if (tooLong) {
      problems.push({ where, line: card.line, severity: 'error', message: `card "${card.id}": ${tooLong}; skipped` });
      continue;
    }
    const key = keys.byId(`m:${card.id}`, where, card.line, `card id "${card.id}"`);
    if (!key) continue;
    cards.push({ key, front: card.front, back: card.back, ...(card.more ? { more: card.more } : {}), tags: card.tags, where });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    fileName,
    format: 'markdown',
    suggestedTitle: deck.title,
    description: deck.description,
    cards,
    problems,
    media: [],
    deckKey: deck.id,
    hash: contentHash(text)
  };
}
