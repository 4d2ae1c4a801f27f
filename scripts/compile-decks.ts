// Build step: validates cards/ and writes the compiled decks the app loads to static/decks/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDeck } from '../src/lib/decks/compile';
import { formatProblem, type CompiledManifest } from '../src/lib/decks/types';
import { loadDeckDir } from './deck-files';

const root = join(import.meta.dirname, '..');
const out = join(root, 'static', 'decks');
const { decks, problems } = loadDeckDir(join(root, 'cards'));

if (problems.length) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${problems.length} problem(s) in cards/: nothing was compiled.`);
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest: CompiledManifest = { decks: [] };
for (const deck of decks) {
  const compiled = compileDeck(deck);
  const file = `${deck.id}.${compiled.hash}.json`;
  writeFileSync(join(out, file), JSON.stringify(compiled));
  manifest.decks.push({ id: deck.id, title: deck.title, hash: compiled.hash, cardCount: compiled.cards.length, file });
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1));
const total = manifest.decks.reduce((n, d) => n + d.cardCount, 0);
console.log(`compiled ${decks.length} decks, ${total} cards into static/decks/`);
