/**
 * cyrb53: a fast 53-bit hash, enough to notice that content changed or to tell two files apart
 * (not for security). One implementation over code units, for text and for bytes alike.
 */
function cyrb53(length: number, unitAt: (i: number) => number, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < length; i++) {
    const ch = unitAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Hash of a text (UTF-16 code units). */
export function contentHash(text: string, seed = 0): string {
  return cyrb53(text.length, (i) => text.charCodeAt(i), seed);
}

/** Hash of a file's bytes with its length appended: identifies a media file by its content. */
export function bytesHash(bytes: Uint8Array, seed = 0): string {
  return cyrb53(bytes.length, (i) => bytes[i], seed) + bytes.length.toString(36);
}
