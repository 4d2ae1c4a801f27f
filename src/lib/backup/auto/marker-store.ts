import { parseMarker, type DatabaseMarker } from './marker';
import { writesRefused } from '../../db/write-outcomes';

const KEY = 'database-marker';
const OPFS_FILE = 'database-marker.json';

/** localStorage first (synchronous, survives what IndexedDB loses), else the OPFS copy. */
export async function readMarker(): Promise<DatabaseMarker | null> {
  let marker: DatabaseMarker | null = null;
  try {
    marker = parseMarker(localStorage.getItem(KEY));
  } catch {
    // storage blocked
  }
  if (marker) return marker;
  try {
    const root = await navigator.storage?.getDirectory?.();
    const file = await (await root?.getFileHandle(OPFS_FILE))?.getFile();
    return parseMarker((await file?.text()) ?? null);
  } catch {
    return null;
  }
}

export async function writeMarker(marker: DatabaseMarker): Promise<void> {
  const text = JSON.stringify(marker);
  try {
    localStorage.setItem(KEY, text);
  } catch {
    // storage full or blocked: the OPFS copy may still work
  }
  try {
    const root = await navigator.storage?.getDirectory?.();
    const handle = await root?.getFileHandle(OPFS_FILE, { create: true });
    // Not while the disk guard finds the disk nearly full: a failed write would evict the origin.
    if (!handle || typeof handle.createWritable !== 'function' || writesRefused()) return;
    const writable = await handle.createWritable();
    await writable.write(text);
    await writable.close();
  } catch {
    // best effort: localStorage holds the marker
  }
}
