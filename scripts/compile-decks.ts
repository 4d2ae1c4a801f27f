// Build step: validates cards/ and writes the compiled decks the app loads to static/decks/.
import { join } from 'node:path';
import { formatProblem } from '../src/lib/decks/types';
import { loadDeckDir } from './deck-files';
import { writeCompiledDecks } from './deck-output';

const root = join(import.meta.dirname, '..');
const { decks, problems } = loadDeckDir(join(root, 'cards'));

if (problems.length) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${problems.length} problem(s) in cards/: nothing was compiled.`);
  process.exit(1);
}

const manifest = writeCompiledDecks(decks, join(root, 'static', 'decks'));
const total = manifest.decks.reduce((n, d) => n + d.cardCount, 0);
console.log(`compiled ${decks.length} decks, ${total} cards into static/decks/`);
