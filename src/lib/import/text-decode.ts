import { ImportError } from './types';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

export function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, ZIP_EMPTY);
}

/**
 * Decodes a text file: UTF-8 with or without BOM, UTF-16 with a BOM. Anything else (UTF-16
 * without BOM, legacy code pages, binary data) gets a specific message instead of mojibake.
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new ImportError(`"${name}" is empty.`);
  if (isZip(bytes)) {
    throw new ImportError(
      `"${name}" is a zip archive, not a text file. If it is an Anki package, give it the .apkg extension; Excel workbooks must be saved as "CSV UTF-8" first.`
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return stripNul(new TextDecoder('utf-16le').decode(bytes.subarray(2)), name);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return stripNul(new TextDecoder('utf-16be').decode(bytes.subarray(2)), name);
  const head = bytes.subarray(0, 4096);
  const nuls = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (nuls > 0) {
    // Text in UTF-16 has a NUL beside every ASCII character; binary files have them anywhere.
    const evenOrOdd = countAlternating(head);
    if (nuls >= head.length / 4 && evenOrOdd > 0.9) {
      throw new ImportError(
        `"${name}" looks like UTF-16 text without a byte-order mark, which cannot be read reliably. Save it as UTF-8 (in Excel: "CSV UTF-8"; in a text editor: encoding "UTF-8").`
      );
    }
    throw new ImportError(`"${name}" is not a text file (it contains binary data). Choose a CSV, TSV, text or Markdown file, or an Anki .apkg package.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    if (controlShare(head) > 0.05) {
      throw new ImportError(`"${name}" is not a text file (it contains binary data). Choose a CSV, TSV, text or Markdown file, or an Anki .apkg package.`);
    }
    throw new ImportError(
      `"${name}" is not valid UTF-8 (first bad byte at line ${lineAt(bytes, at)}, byte ${at + 1}). It is probably in an older encoding such as Windows-1252 or Latin-1: save it as UTF-8 (in Excel: "CSV UTF-8") and import it again.`
    );
  }
  if (controlShare(head) > 0.05) {
    throw new ImportError(`"${name}" is not a text file (it contains binary data). Choose a CSV, TSV, text or Markdown file, or an Anki .apkg package.`);
  }
  return text.replace(/^\uFEFF/, '');
}

function stripNul(text: string, name: string): string {
  if (text.includes('\u0000')) throw new ImportError(`"${name}" has a UTF-16 byte-order mark but is not UTF-16 text.`);
  return text;
}

/** Share of NUL bytes that sit on one parity (all even or all odd offsets). */
function countAlternating(bytes: Uint8Array): number {
  let even = 0;
  let odd = 0;
  bytes.forEach((b, i) => {
    if (b === 0) {
      if (i % 2) odd++;
      else even++;
    }
  });
  return Math.max(even, odd) / Math.max(1, even + odd);
}

function controlShare(bytes: Uint8Array): number {
  let controls = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) || b === 0x7f) controls++;
  return controls / Math.max(1, bytes.length);
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}
