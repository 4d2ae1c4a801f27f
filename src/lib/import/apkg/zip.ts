import { Inflate } from 'fflate';
import { sizeText, ZIP_ENTRY_LIMIT, count } from '../limits';
import { ImportError } from '../types';

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** Uncompressed size as the zip directory declares it (checked while inflating). */
  size: number;
  localOffset: number;
}

/** What an entry may become once decompressed, and the words for the message that refuses it. */
export interface EntryLimit {
  bytes: number;
  /** "an Anki collection", "one image or sound file" */
  what: string;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;
const MAX32 = 0xffffffff;

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most about 1032 times,
 * so one step makes at most about 8 MB, whatever the file claims.
 */
const INFLATE_STEP = 8 * 1024;

function damagedError(fileName: string, why: string): ImportError {
  return new ImportError(`"${fileName}" is damaged or incomplete (${why}). If it was downloaded, download it again; or export it from Anki again.`);
}

/** The zip64 end record, when the classic one says "see zip64" (more than 65,535 entries or 4 GB). */
function zip64End(bytes: Uint8Array, eocd: number, fileName: string): { count: number; cdSize: number; cdOffset: number } {
  const locator = eocd - 20;
  if (locator < 0 || u32(bytes, locator) !== 0x07064b50) throw damagedError(fileName, 'its zip64 directory is missing');
  const at = u64(bytes, locator + 8);
  if (at + 56 > bytes.length || u32(bytes, at) !== 0x06064b50) throw damagedError(fileName, 'its zip64 directory is corrupt');
  return { count: u64(bytes, at + 32), cdSize: u64(bytes, at + 40), cdOffset: u64(bytes, at + 48) };
}

/**
 * Reads the zip's central directory (at its end): the entries, their declared sizes and where
 * their data starts. A truncated download, an encrypted archive or too many entries are told
 * apart here, before anything is decompressed.
 */
export function listZip(bytes: Uint8Array, fileName: string): ZipEntry[] {
  const damaged = (why: string) => damagedError(fileName, why);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('the end of the zip archive is missing, so the file was cut short');
  let entryCount = u16(bytes, eocd + 10);
  let cdSize = u32(bytes, eocd + 12);
  let cdOffset = u32(bytes, eocd + 16);
  if (cdOffset === MAX32 || cdSize === MAX32 || entryCount === 0xffff) ({ count: entryCount, cdSize, cdOffset } = zip64End(bytes, eocd, fileName));
  if (entryCount > ZIP_ENTRY_LIMIT) {
    throw new ImportError(
      `"${fileName}" has ${count(entryCount)} files inside; the limit is ${count(ZIP_ENTRY_LIMIT)} files per package. Nothing was imported.`
    );
  }
  if (cdOffset + cdSize > bytes.length) throw damaged('the zip directory points past the end of the file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw damaged('the zip directory is corrupt');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    let compressedSize = u32(bytes, p + 20);
    let size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    let localOffset = u32(bytes, p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // zip64 sizes and offsets live in extra field 0x0001, in this order, only for the fields set to 0xFFFFFFFF.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength;) {
      const id = u16(bytes, x);
      const len = u16(bytes, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === MAX32) {
          size = u64(bytes, q);
          q += 8;
        }
        if (compressedSize === MAX32) {
          compressedSize = u64(bytes, q);
          q += 8;
        }
        if (localOffset === MAX32) localOffset = u64(bytes, q);
      }
      x += 4 + len;
    }
    if (localOffset + 30 + compressedSize > cdOffset) throw damaged(`"${name}" inside it is cut short`);
    entries.push({ name, method, encrypted: (flags & 1) === 1 || method === 99, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  const locked = entries.find((e) => e.encrypted);
  if (locked) {
    throw new ImportError(
      `"${fileName}" is password-protected (encrypted zip). Anki never encrypts its packages: export the deck from Anki again, without a password.`
    );
  }
  return entries;
}

/** "collection.anki21b" in "deck.apkg" is 2 GB once decompressed ...; the limit is 256 MB for an Anki collection. */
export function overLimitError(fileName: string, entry: string, found: string, limit: EntryLimit): ImportError {
  return new ImportError(
    `"${fileName}" was refused: "${entry}" inside it ${found}; the limit is ${sizeText(limit.bytes)} for ${limit.what}. Nothing was imported.`
  );
}

/**
 * Decompresses one entry without ever holding more than its declared size (at most
 * `limit.bytes`) plus one inflate step: an entry that declares more than the limit is refused
 * before inflating, one that inflates past what it declares (a lying directory) is refused as
 * soon as it does.
 */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, limit: EntryLimit, label = entry.name): Uint8Array {
  if (entry.size > limit.bytes) throw overLimitError(fileName, label, `would be ${sizeText(entry.size)} once decompressed (so says the zip directory)`, limit);
  const local = entry.localOffset;
  if (u32(bytes, local) !== 0x04034b50) throw damagedError(fileName, `the data of "${entry.name}" is not where the zip directory says`);
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damagedError(fileName, `"${entry.name}" inside it is cut short`);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw damagedError(fileName, `"${entry.name}" is stored with two different sizes`);
    return bytes.slice(start, end);
  }
  if (entry.method !== 8) {
    throw new ImportError(
      `"${fileName}" uses a zip compression method this app cannot read (method ${entry.method} for "${entry.name}"). Export it from Anki again.`
    );
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > entry.size) {
      throw overLimitError(fileName, label, `inflates to more than the ${sizeText(entry.size)} its zip directory declares (the sizes are false)`, limit);
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let at = start; at < end; at += INFLATE_STEP) inflater.push(bytes.subarray(at, Math.min(at + INFLATE_STEP, end)), false);
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      `"${fileName}" is damaged: its zip data could not be decompressed (${error instanceof Error ? error.message : String(error)}). Export it from Anki again.`
    );
  }
  if (written !== entry.size)
    throw damagedError(fileName, `"${entry.name}" decompresses to ${written} bytes, not the ${entry.size} its zip directory declares`);
  return out;
}
