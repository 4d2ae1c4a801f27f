import type { SqlJsStatic } from 'sql.js';
import { parseAnkiPackage } from './apkg/package';
import { parseDelimited } from './delimited';
import { checkFile, extensionOf, isPackageName } from './limits';
import { parseMarkdownDeck } from './markdown-deck';
import { decodeText, isZip } from './text-decode';
import { ImportError, type DelimitedOptions, type ParsedImport } from './types';

export interface ParseDeps {
  loadSql: () => Promise<SqlJsStatic>;
  onProgress?: (share: number, stage: string) => void;
  now?: number;
}

/** A .txt that starts with deck front matter ("---" then an "id:" line) is a Markdown deck. */
const MARKDOWN_DECK = /^---\r?\n(?:.*\r?\n){0,20}?id\s*:/;

/** Reads any supported file into cards and problems. Throws ImportError when the file is unusable. */
export async function parseImportFile(name: string, bytes: Uint8Array, options: DelimitedOptions, deps: ParseDeps): Promise<ParsedImport> {
  const progress = deps.onProgress ?? (() => {});
  const refused = checkFile(name, bytes.length);
  if (refused) throw new ImportError(refused);
  if (isPackageName(name)) {
    if (!isZip(bytes)) {
      throw new ImportError(
        `"${name}" is not an Anki package: it is not a zip archive (an .apkg file starts with "PK"). If it was downloaded, the download may be damaged.`
      );
    }
    return parseAnkiPackage(bytes, name, deps.loadSql, progress, deps.now);
  }
  progress(0.05, 'Reading the text');
  const text = decodeText(bytes, name);
  const ext = extensionOf(name);
  if (ext === '.md' || ext === '.markdown' || (ext === '.txt' && MARKDOWN_DECK.test(text.slice(0, 2000)))) {
    const parsed = parseMarkdownDeck(text, name);
    progress(1, 'Done');
    return parsed;
  }
  return parseDelimited(text, name, options, (share) => progress(0.05 + 0.95 * share, 'Reading rows'));
}

export { ImportError };
