/// <reference lib="webworker" />
/** Writes `bytes` bytes through a synchronous access handle from offset `from` on; false when nothing more could be written. */
export function writeBytes(handle: FileSystemSyncAccessHandle, from: number, bytes: number): boolean {
  const chunk = new Uint8Array(Math.min(1 << 20, Math.max(1, bytes - from))).fill(1);
  for (let at = from; at < bytes;) {
    const written = handle.write(chunk.subarray(0, Math.min(chunk.length, bytes - at)), { at });
    if (written <= 0) return false;
    at += written;
  }
  return true;
}

/** What a synchronous access handle throws when the disk is full ("No space available for this operation"). */
export const isDiskFull = (error: unknown) => error instanceof DOMException && error.name === 'QuotaExceededError';
