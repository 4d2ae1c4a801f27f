/**
 * Where automatic backups live: a folder of the origin private file system (OPFS), outside
 * IndexedDB, so losing the database does not lose them. Behind this small interface so the
 * logic can be tested in Node with an in-memory folder.
 */
import { diskNearlyFullError } from '../../db/write-errors';

export interface BackupStore {
  /** File names in the folder. */
  list(): Promise<string[]>;
  read(name: string): Promise<Blob | null>;
  /** Writes a whole file; it appears complete or not at all (OPFS commits on close). */
  write(name: string, data: Blob | string): Promise<void>;
  remove(name: string): Promise<void>;
}

export const BACKUP_FOLDER = 'automatic-backups';

/** The OPFS folder, or null where this browser has no OPFS with writable files (old Safari, some private modes). */
export async function openOpfsStore(folder = BACKUP_FOLDER): Promise<BackupStore | null> {
  const dir = await opfsFolder(folder);
  return dir ? folderStore(dir) : null;
}

export async function opfsFolder(folder: string): Promise<FileSystemDirectoryHandle | null> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null;
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(folder, { create: true });
    // Safari before 26 can write OPFS files only from a worker (createSyncAccessHandle).
    const probe = await dir.getFileHandle('.probe', { create: true });
    if (typeof (probe as FileSystemFileHandle & { createWritable?: unknown }).createWritable !== 'function') return null;
    return dir;
  } catch {
    return null;
  }
}

function folderStore(dir: FileSystemDirectoryHandle): BackupStore {
  return {
    async list() {
      const names: string[] = [];
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'file' && name !== '.probe') names.push(name);
      }
      return names;
    },
    async read(name) {
      try {
        return await (await dir.getFileHandle(name)).getFile();
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') return null;
        throw error;
      }
    },
    async write(name, data) {
      // A createWritable write that fails for space makes Chromium evict the origin, these backups
      // included: write only when the disk guard finds room for the file and its margin (docs/STORAGE.md).
      const { roomFor } = await import('../../db/disk-guard-start');
      const bytes = typeof data === 'string' ? data.length * 3 : data.size;
      if (!(await roomFor(bytes))) throw diskNearlyFullError();
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      try {
        await writable.write(data);
        await writable.close();
      } catch (error) {
        await writable.abort().catch(() => undefined);
        throw error;
      }
    },
    async remove(name) {
      await dir.removeEntry(name).catch((error) => {
        if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
      });
    }
  };
}
