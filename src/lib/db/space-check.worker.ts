/// <reference lib="webworker" />
/**
 * The disk guard's per-write check and its reserve (space-check.ts), through synchronous access
 * handles of the origin private file system: a write through one that finds the disk full only
 * throws here, and Chromium evicts nothing (docs/STORAGE.md).
 *
 * - `check`: writes a few bytes to this worker's own scratch file and empties it again. The handle
 *   stays open (one file per tab, so tabs never wait for each other).
 * - `reserve` / `release`: grows the origin's reserve file to the given size, or empties it (one
 *   file for all tabs, opened under a Web Lock). Emptying it frees room for the writes already under way
 *   when the disk filled.
 */
import type { SpaceCheckReply, SpaceCheckRequest } from './space-check';
import { isDiskFull, writeBytes } from './space-write';

const RESERVE = 'disk-reserve.bin';
const CHECK_PREFIX = 'space-check-';

let checkHandle: Promise<FileSystemSyncAccessHandle> | null = null;

async function root(): Promise<FileSystemDirectoryHandle> {
  return navigator.storage.getDirectory();
}

/** Scratch files of tabs that are gone (an open one refuses removal and is left alone). */
async function removeStaleCheckFiles(dir: FileSystemDirectoryHandle, own: string): Promise<void> {
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (name.startsWith(CHECK_PREFIX) && name !== own) await dir.removeEntry(name).catch(() => undefined);
  }
}

function openCheckHandle(): Promise<FileSystemSyncAccessHandle> {
  checkHandle ??= (async () => {
    const dir = await root();
    const name = `${CHECK_PREFIX}${crypto.randomUUID()}.bin`;
    const handle = await (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
    void removeStaleCheckFiles(dir, name);
    return handle;
  })();
  checkHandle.catch(() => (checkHandle = null));
  return checkHandle;
}

async function checkOnce(bytes: number): Promise<SpaceCheckReply> {
  const handle = await openCheckHandle();
  try {
    return { fits: writeBytes(handle, 0, bytes) };
  } catch (error) {
    if (isDiskFull(error)) return { fits: false };
    throw error;
  } finally {
    handle.truncate(0);
  }
}

/**
 * A check that fails otherwise (NotFoundError: the file is gone, as after Chromium evicted the
 * origin's storage) would let the write through untested: it is tried once more on a new file.
 */
async function check(bytes: number): Promise<SpaceCheckReply> {
  try {
    return await checkOnce(bytes);
  } catch {
    const stale = checkHandle;
    checkHandle = null;
    await stale?.then((handle) => handle.close()).catch(() => undefined);
    return checkOnce(bytes);
  }
}

async function withReserve<T>(work: (handle: FileSystemSyncAccessHandle) => T): Promise<T> {
  const run = async () => {
    const handle = await (await (await root()).getFileHandle(RESERVE, { create: true })).createSyncAccessHandle();
    try {
      return work(handle);
    } finally {
      handle.close();
    }
  };
  return navigator.locks ? navigator.locks.request('disk-reserve', run) : run();
}

function reserve(bytes: number): Promise<SpaceCheckReply> {
  return withReserve((handle) => {
    const size = handle.getSize();
    if (size >= bytes) return { fits: true };
    try {
      const fits = writeBytes(handle, size, bytes);
      handle.flush();
      return { fits };
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      return { fits: false };
    }
  });
}

/** Whether the reserve already holds `bytes` (a page reloaded while the disk was low finds it so); writes nothing. */
function holds(bytes: number): Promise<SpaceCheckReply> {
  return withReserve((handle) => ({ fits: handle.getSize() >= bytes }));
}

function release(): Promise<SpaceCheckReply> {
  return withReserve((handle) => {
    handle.truncate(0);
    handle.flush();
    return { fits: true };
  });
}

self.onmessage = (event: MessageEvent<SpaceCheckRequest>) => {
  const { id, op, bytes } = event.data;
  const work = op === 'check' ? check(bytes) : op === 'reserve' ? reserve(bytes) : op === 'holds' ? holds(bytes) : release();
  work.then(
    (reply) => postMessage({ id, ...reply }),
    (error) => postMessage({ id, fits: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
  );
};
