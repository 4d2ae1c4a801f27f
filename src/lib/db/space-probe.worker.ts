/// <reference lib="webworker" />
/**
 * Writes `bytes` to a scratch file of the origin private file system through a synchronous access
 * handle, then empties it. The handle writes from this worker straight to the file, so a write
 * that finds the disk full only throws here: the browser is not told of a failed write and evicts
 * nothing (an IndexedDB, Cache Storage or createWritable write that fails for space makes
 * Chromium evict the least recently used origins: docs/STORAGE.md).
 */
import { isDiskFull, writeBytes } from './space-write';

const SCRATCH = 'space-probe.bin';

/** fits: the bytes were written; false: the disk is full; null: this browser cannot tell. */
export type ProbeReply = { fits: boolean | null; error?: string };

/** A page that was just reloaded mid-probe may still hold the handle for a moment: try again briefly. */
async function openHandle(file: FileSystemFileHandle, tries = 20): Promise<FileSystemSyncAccessHandle> {
  for (let i = 1; ; i++) {
    try {
      return await file.createSyncAccessHandle();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function probe(bytes: number): Promise<ProbeReply> {
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle(SCRATCH, { create: true });
  const handle = await openHandle(file);
  try {
    if (!writeBytes(handle, 0, bytes)) return { fits: false, error: 'nothing written' };
    handle.flush();
    return { fits: true };
  } catch (error) {
    // QuotaExceededError "No space available for this operation" when the disk is full.
    const full = isDiskFull(error);
    return { fits: full ? false : null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    try {
      handle.truncate(0);
      handle.flush();
    } finally {
      handle.close();
    }
  }
}

self.onmessage = (event: MessageEvent<number>) => {
  probe(event.data).then(
    (reply) => postMessage(reply),
    (error) => postMessage({ fits: null, error: error instanceof Error ? error.message : String(error) } satisfies ProbeReply)
  );
};
