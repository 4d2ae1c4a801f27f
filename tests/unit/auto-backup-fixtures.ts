import type { BackupStore } from '../../src/lib/backup/auto/store';

/** An in-memory stand-in for the OPFS folder (OPFS is not in Node). */
export function memoryStore(): BackupStore & { files: Map<string, Blob> } {
  const files = new Map<string, Blob>();
  return {
    files,
    async list() {
      return [...files.keys()];
    },
    async read(name) {
      return files.get(name) ?? null;
    },
    async write(name, data) {
      files.set(name, typeof data === 'string' ? new Blob([data]) : data);
    },
    async remove(name) {
      files.delete(name);
    }
  };
}
