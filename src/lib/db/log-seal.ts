/**
 * Keeps a failed write from costing the whole collection later (docs/STORAGE.md). When a write
 * fails for space, Chromium's LevelDB log ends in a torn record and Chromium closes every
 * connection. The next open appends after the torn record; the open after that finds it in the
 * middle of the log, reports corruption, and Chromium deletes every database of the origin.
 * Creating and deleting a scratch database makes Chromium compact, which flushes LevelDB's
 * memtable to a table file and starts a new log: the torn one is dropped. So once a connection
 * is lost, the next successful write (or the next start) "seals" the log that way.
 */
const MARKER_KEY = 'idb-log-seal-needed';
const SEAL_DATABASE = 'interview-flashcards-seal';

/** Survives a reload, and a restart when the disk had room to save it. */
let needed = readMarker();
/** A connection of this page was lost: Chromium may refuse this page every later open ("Internal error."). */
let lostInThisPage = false;

/**
 * The memtable flush of a seal writes up to LevelDB's write buffer (at most 4 MB in Chromium):
 * the disk needs that much room before the database is opened again.
 */
const ROOM_TO_REOPEN = 4 * 1024 * 1024;
let running: Promise<boolean> | null = null;

function readMarker(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(MARKER_KEY) !== null;
  } catch {
    return false;
  }
}

function writeMarker(on: boolean): void {
  try {
    if (on) localStorage.setItem(MARKER_KEY, String(Date.now()));
    else localStorage.removeItem(MARKER_KEY);
  } catch {
    // localStorage may be full or missing too; the in-memory flag still covers this page.
  }
}

/** The browser closed a connection (it does so after a failed write): seal before the next reopen. */
const onLost = new Set<() => void>();

/** Runs `stop` when this page loses its connection (database.ts stops Dexie from reopening). */
export function onConnectionLost(stop: () => void): void {
  onLost.add(stop);
}

/**
 * A write failed for space, or the browser closed a connection. From now on this page opens
 * nothing: any open while the disk is (nearly) full appends to the torn log without the room to
 * seal it, and the next open after that loses the collection. A new page, once there is room, can.
 */
export function noteConnectionLost(): void {
  needed = true;
  writeMarker(true);
  if (lostInThisPage) return;
  lostInThisPage = true;
  for (const stop of onLost) stop();
}

/** True when this page lost its connection: only a reload (a new page) can open the database again. */
export function reloadNeeded(): boolean {
  return lostInThisPage;
}

/**
 * Whether the database may be opened now. Once a write failed, every open appends to the torn
 * log and the second one after it costs the collection, so the first open must be followed by a
 * seal: open only when a file as large as the seal's flush can be written (in the origin private
 * file system, on the same disk, space-probe.ts). True when nothing failed; `ifUnknown` when the browser cannot tell.
 */
export async function roomToReopen(ifUnknown = true): Promise<boolean> {
  if (!needed) return true;
  // Through a synchronous access handle: a createWritable write that fails for space would make
  // Chromium evict the origin's storage, the very thing this waits to avoid (docs/STORAGE.md).
  const { probeFreeSpace } = await import('./space-probe');
  return (await probeFreeSpace(ROOM_TO_REOPEN)) ?? ifUnknown;
}

export function sealNeeded(): boolean {
  return needed;
}

/**
 * Seals the log if a connection was lost since the last seal; resolves true once sealed. Cheap
 * (one memtable flush) and harmless when nothing was torn.
 */
export function sealLogIfNeeded(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<boolean> {
  if (!needed || !factory) return Promise.resolve(false);
  running ??= new Promise<boolean>((resolve) => {
    const open = factory.open(SEAL_DATABASE);
    open.onerror = (event) => {
      event.preventDefault();
      resolve(false); // still no room: the next successful write tries again
    };
    open.onsuccess = () => {
      open.result.close();
      const remove = factory.deleteDatabase(SEAL_DATABASE);
      remove.onsuccess = () => {
        needed = false;
        writeMarker(false);
        resolve(true);
      };
      remove.onerror = (event) => {
        event.preventDefault();
        resolve(false);
      };
    };
  }).finally(() => (running = null));
  return running;
}
