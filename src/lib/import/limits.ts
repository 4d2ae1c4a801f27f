/**
 * Every limit on what the app reads from a file, in one place: the importers, the backup reader
 * and the pages that state them all use these numbers. A file past a limit is refused (or the
 * row or card is left out, as each importer says) with a message naming the limit and the size
 * found, before the memory it would take is spent: decompression stops as soon as a limit is
 * passed (apkg/bounded-zip.ts, apkg/bounded-zstd.ts).
 */

export const KB = 1024;
export const MB = 1024 * KB;
export const GB = 1024 * MB;

/** An .apkg / .colpkg file as chosen. */
export const PACKAGE_LIMIT = 100 * MB;
/** A CSV, TSV, text or Markdown file. */
export const TEXT_LIMIT = 50 * MB;
/** The SQLite collection inside a package, once decompressed (Anki's own sync limit is 250 MB). */
export const COLLECTION_LIMIT = 256 * MB;
/** One image or sound file inside a package, once decompressed. */
export const MEDIA_FILE_LIMIT = 32 * MB;
/** All the images and sounds imported from one package together. */
export const MEDIA_TOTAL_LIMIT = 256 * MB;
/** The package's list of media names ("media" entry), once decompressed. */
export const MEDIA_LIST_LIMIT = 16 * MB;
/** Entries in a package's zip directory. */
export const ZIP_ENTRY_LIMIT = 100_000;
/**
 * The window a zstd frame without a declared size may ask for: the decoder keeps (and shifts) a
 * buffer of this size. Anki's compression level uses 2 MB or less; zstd's own recommendation
 * for decoders is 8 MB.
 */
export const ZSTD_WINDOW_LIMIT = 8 * MB;
/** Cards one import may make (rows of a text file, cards of a Markdown deck or a package). */
export const CARD_LIMIT = 200_000;
/** Review-history rows one package may bring. */
export const REVIEW_LIMIT = 2_000_000;
/** One field (a card side, an Anki note field, a CSV cell), in characters. */
export const FIELD_LIMIT = 1 * MB;
/** Columns of a CSV/TSV row. */
export const COLUMN_LIMIT = 100;
/** A backup file. */
export const BACKUP_LIMIT = 512 * MB;
/** A backup not in the app's one-row-per-line layout is read whole, so it must be smaller. */
export const BACKUP_WHOLE_LIMIT = 64 * MB;

export const PACKAGE_EXTENSIONS = ['.apkg', '.colpkg'];
export const TEXT_EXTENSIONS = ['.csv', '.tsv', '.txt', '.md', '.markdown'];

/** The `accept` list of the file input. */
export const ACCEPT = [...TEXT_EXTENSIONS, ...PACKAGE_EXTENSIONS, 'text/csv', 'text/tab-separated-values', 'text/plain', 'text/markdown'].join(',');

export function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name.toLowerCase());
  return m ? m[0] : '';
}

export function isPackageName(name: string): boolean {
  return PACKAGE_EXTENSIONS.includes(extensionOf(name));
}

/** A size in words: "2 GB", "60.5 MB", "12 KB". */
export function sizeText(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1).replace(/\.0$/, '')} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${Math.ceil(bytes / KB)} KB`;
}

/** A size past a limit, never printed as equal to it ("50 MB; the limit is 50 MB"). */
export function overText(bytes: number, limit: number): string {
  const text = sizeText(bytes);
  return text === sizeText(limit) ? `more than ${text}` : text;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** The limits in one sentence per kind of file, for the import and backup pages and the README. */
export const LIMITS_STATED = {
  text: `Text files (CSV, TSV, Markdown): up to ${sizeText(TEXT_LIMIT)}, ${count(CARD_LIMIT)} cards, ${count(COLUMN_LIMIT)} columns and ${sizeText(FIELD_LIMIT)} per field.`,
  package: `Anki packages: up to ${sizeText(PACKAGE_LIMIT)}; once decompressed, ${sizeText(COLLECTION_LIMIT)} for the collection, ${sizeText(MEDIA_FILE_LIMIT)} per image or sound and ${sizeText(MEDIA_TOTAL_LIMIT)} for all of them, ${count(CARD_LIMIT)} cards, ${count(REVIEW_LIMIT)} reviews, ${sizeText(FIELD_LIMIT)} per field.`,
  backup: `Backups: up to ${sizeText(BACKUP_LIMIT)}, ${sizeText(FIELD_LIMIT)} per card field and ${sizeText(MEDIA_FILE_LIMIT)} per image or sound.`
};

/** A message when the file cannot be imported because of its name or size, else null. */
export function checkFile(name: string, size: number): string | null {
  const ext = extensionOf(name);
  if (!PACKAGE_EXTENSIONS.includes(ext) && !TEXT_EXTENSIONS.includes(ext)) {
    return `"${name}" is not a file type this app imports. Choose a .csv, .tsv, .txt, .md, .apkg or .colpkg file.`;
  }
  if (size === 0) return `"${name}" is empty (0 bytes).`;
  const limit = PACKAGE_EXTENSIONS.includes(ext) ? PACKAGE_LIMIT : TEXT_LIMIT;
  if (size > limit) {
    return `"${name}" is ${overText(size, limit)}; the limit is ${sizeText(limit)} for ${PACKAGE_EXTENSIONS.includes(ext) ? 'Anki packages' : 'text files'}. Split it into smaller files.`;
  }
  return null;
}

/** The message of a field past FIELD_LIMIT ("the back is 2.3 MB; the limit is 1 MB per field"), or null. */
export function fieldTooLong(label: string, text: string | undefined): string | null {
  if (!text || text.length <= FIELD_LIMIT) return null;
  return `${label} is ${overText(text.length, FIELD_LIMIT)}; the limit is ${sizeText(FIELD_LIMIT)} per field`;
}
