import { unzipSync } from 'fflate';
import { ImportError } from '../types';

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/**
 * Reads the zip's central directory (at its end) to tell a truncated download or an
 * encrypted archive apart from other damage, before anything is decompressed.
 */
export function listZip(bytes: Uint8Array, fileName: string): ZipEntry[] {
  const damaged = (why: string) =>
    new ImportError(`"${fileName}" is damaged or incomplete (${why}). If it was downloaded, download it again; or export it from Anki again.`);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('the end of the zip archive is missing, so the file was cut short');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) return []; // zip64: leave the checks to the unzipper
  if (cdOffset + cdSize > eocd) throw damaged('the zip directory points past the end of the file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(bytes, p) !== 0x02014b50) throw damaged('the zip directory is corrupt');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (localOffset + 30 + compressedSize > cdOffset) throw damaged(`"${name}" inside it is cut short`);
    entries.push({ name, method, encrypted: (flags & 1) === 1 || method === 99, compressedSize, size });
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

/** Decompresses the named entries. */
export function unzipEntries(bytes: Uint8Array, fileName: string, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (file) => wanted(file.name) });
  } catch (error) {
    throw new ImportError(
      `"${fileName}" is damaged: its zip data could not be decompressed (${error instanceof Error ? error.message : String(error)}). Export it from Anki again.`
    );
  }
}
