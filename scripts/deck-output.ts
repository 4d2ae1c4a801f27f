// Node-only: writes compiled decks and their manifest where the app loads them from.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDeck } from '../src/lib/decks/compile';
import type { CompiledManifest, DeckSource } from '../src/lib/decks/types';
import { buildTimeRenderer } from './deck-html';

export function writeCompiledDecks(decks: DeckSource[], out: string): CompiledManifest {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest: CompiledManifest = { decks: [] };
  const render = buildTimeRenderer();
  for (const deck of decks) {
    const compiled = compileDeck(deck, render);
    const file = `${deck.id}.${compiled.hash}.json`;
    writeFileSync(join(out, file), JSON.stringify(compiled));
    manifest.decks.push({ id: deck.id, title: deck.title, description: compiled.description, hash: compiled.hash, cardCount: compiled.cards.length, file });
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}
