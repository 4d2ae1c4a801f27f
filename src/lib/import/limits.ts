/** What the import accepts, stated in the UI and enforced before a file is read. */

export const MB = 1024 * 1024;
export const PACKAGE_LIMIT = 100 * MB;
export const TEXT_LIMIT = 50 * MB;

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

function describe(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A message when the file cannot be imported because of its name or size, else null. */
export function checkFile(name: string, size: number): string | null {
  const ext = extensionOf(name);
  if (!PACKAGE_EXTENSIONS.includes(ext) && !TEXT_EXTENSIONS.includes(ext)) {
    return `"${name}" is not a file type this app imports. Choose a .csv, .tsv, .txt, .md, .apkg or .colpkg file.`;
  }
  if (size === 0) return `"${name}" is empty (0 bytes).`;
  const limit = PACKAGE_EXTENSIONS.includes(ext) ? PACKAGE_LIMIT : TEXT_LIMIT;
  if (size > limit) {
    return `"${name}" is ${describe(size)}; the limit is ${describe(limit)} for ${PACKAGE_EXTENSIONS.includes(ext) ? 'Anki packages' : 'text files'}. Split it into smaller files.`;
  }
  return null;
}
