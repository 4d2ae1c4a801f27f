import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { parseImportFile } from '../../src/lib/import/parse';
import type { DelimitedOptions, ParsedImport } from '../../src/lib/import/types';

export const FIXTURES = join(__dirname, '../fixtures/import');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Parses a fixture exactly as the worker does (sql.js loads its wasm from node_modules here). */
export function parseFixture(name: string, options: DelimitedOptions = {}, now = Date.UTC(2024, 0, 1)): Promise<ParsedImport> {
  return parseImportFile(name.split('/').pop()!, fixture(name), options, { loadSql: () => initSqlJs(), now });
}

/** The message of the ImportError a fixture produces. */
export async function importErrorOf(name: string): Promise<string> {
  try {
    await parseFixture(name);
  } catch (e) {
    if ((e as Error).name !== 'ImportError') throw e;
    return (e as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

/** A card's text without the HTML marker and without the note-type wrapper of an Anki card (tested on its own in import-styles.test.ts). */
export const body = (text: string) => unwrapNotetype(text.replace(/^<!--html-->/, ''));
export const unwrapNotetype = (html: string) =>
  html.replace(/^<div data-notetype="[^"]+"><div class="(?:ac-)?card (?:ac-)?card\d+">([\s\S]*)<\/div><\/div>$/, '$1');
