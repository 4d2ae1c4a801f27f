import { decompress } from 'fzstd';
import { sizeText, ZSTD_WINDOW_LIMIT } from '../limits';
import { ImportError } from '../types';
import { overLimitError, type EntryLimit } from './zip';

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
export const isZstd = (b: Uint8Array) => ZSTD_MAGIC.every((m, i) => b[i] === m);

const BLOCK_MAX = 128 * 1024;

export interface ZstdFrame {
  start: number;
  end: number;
  /** Frame_Content_Size from the header, when the frame declares it. */
  declared?: number;
  window: number;
  /** Exact bytes of its raw and RLE blocks. */
  exact: number;
  /** What all its blocks can make at most: raw and RLE exactly, a compressed block at most min(window, 128 KB). */
  upTo: number;
}

/**
 * Walks the frame and block headers of zstd data without decompressing anything (a few bytes
 * per 128 KB block), so the most it can decompress to is known before a byte is made. Zstd
 * data that is cut short or malformed gets `null` (the decoder gives the precise error).
 */
export function zstdFrames(b: Uint8Array): ZstdFrame[] | null {
  const frames: ZstdFrame[] = [];
  let p = 0;
  while (p < b.length) {
    const magic = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      // Skippable frame: 4-byte size, ignored data.
      p += 8 + ((b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0);
      continue;
    }
    if (magic !== 0xfd2fb528 || p + 6 > b.length) return null;
    const start = p;
    const fhd = b[p + 4];
    const fcsFlag = fhd >> 6;
    const single = (fhd >> 5) & 1;
    const checksum = (fhd >> 2) & 1;
    const dictBytes = [0, 1, 2, 4][fhd & 3];
    p += 5;
    let window = 0;
    if (!single) {
      const exponent = b[p] >> 3;
      const base = 2 ** (10 + exponent);
      window = base + (base / 8) * (b[p] & 7);
      p++;
    }
    p += dictBytes;
    const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
    let declared: number | undefined;
    if (fcsBytes) {
      declared = 0;
      for (let i = fcsBytes - 1; i >= 0; i--) declared = declared * 256 + b[p + i];
      if (fcsBytes === 2) declared += 256;
      p += fcsBytes;
    }
    if (single) window = declared ?? 0;
    const blockMax = Math.min(window, BLOCK_MAX);
    let exact = 0;
    let upTo = 0;
    for (;;) {
      if (p + 3 > b.length) return null;
      const header = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
      const last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      p += 3;
      if (type === 3) return null; // reserved
      // Raw and RLE blocks make exactly `size` bytes; a compressed block at most blockMax.
      if (type === 2) upTo += blockMax;
      else {
        exact += size;
        upTo += size;
      }
      p += type === 1 ? 1 : size;
      if (p > b.length) return null;
      if (last) break;
    }
    p += checksum * 4;
    frames.push({ start, end: p, declared, window, exact, upTo });
  }
  return frames;
}

/**
 * Decompresses zstd data (Anki's newest packages: the collection, the media list, each media
 * file) only once its block headers show it stays within `limit`; a frame whose header
 * declares more, or whose blocks can make more, is refused without decompressing it.
 */
export function unzstdBounded(bytes: Uint8Array, entry: string, fileName: string, limit: EntryLimit): Uint8Array {
  const frames = zstdFrames(bytes);
  const fail = (detail: string) =>
    new ImportError(
      `"${fileName}" uses the newest Anki package format and its "${entry}" could not be decompressed (${detail}). In Anki, export the deck again with "Support older Anki versions" ticked.`
    );
  if (!frames || frames.length === 0) throw fail('its zstd data is cut short or malformed');
  let exact = 0;
  let worst = 0;
  for (const f of frames) {
    exact += f.exact;
    worst += f.declared ?? f.upTo;
    if (f.declared !== undefined && f.declared > limit.bytes) {
      throw overLimitError(fileName, entry, `would be ${sizeText(f.declared)} once decompressed (so says its zstd header)`, limit);
    }
    if (f.declared !== undefined && (f.exact > f.declared || f.upTo < f.declared)) {
      throw overLimitError(
        fileName,
        entry,
        `declares ${sizeText(f.declared)} in its zstd header but its blocks hold ${f.exact > f.declared ? `at least ${sizeText(f.exact)}` : `at most ${sizeText(f.upTo)}`} (the sizes are false)`,
        limit
      );
    }
    if (f.declared === undefined && f.window > ZSTD_WINDOW_LIMIT) {
      throw overLimitError(fileName, entry, `asks for a ${sizeText(f.window)} zstd window without saying its size`, {
        ...limit,
        bytes: ZSTD_WINDOW_LIMIT,
        what: 'a zstd window'
      });
    }
  }
  if (exact > limit.bytes) throw overLimitError(fileName, entry, `would be at least ${sizeText(exact)} once decompressed (its zstd blocks say so)`, limit);
  if (worst > limit.bytes) throw overLimitError(fileName, entry, `could be up to ${sizeText(worst)} once decompressed (its zstd blocks say so)`, limit);
  try {
    if (frames.length === 1) return decompress(bytes.subarray(frames[0].start, frames[0].end));
    const parts = frames.map((f) => decompress(bytes.subarray(f.start, f.end)));
    const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
    let at = 0;
    for (const x of parts) {
      out.set(x, at);
      at += x.length;
    }
    return out;
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
}
