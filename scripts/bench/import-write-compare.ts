/**
 * Diagnosis only (diag/import-write.ts, not part of `npm run bench`): the import's card write
 * the app's way (the raw gateway's putCardsIndexLater in the import's transaction) against raw
 * puts of the same rows, into the app's own database and into an empty scratch one; each call in
 * a fresh profile (the driver's), so no way inherits another's writes. Runs in the page (harness).
 */
import type { FlashcardDatabase } from '../../src/lib/db/database';
import { withDerivedColumns } from '../../src/lib/db/derive';
import { transactRaw } from '../../src/lib/db/gateway-raw';
import type { CardRow } from '../../src/lib/db/schema';
import { generateCollection, type GenerateOptions } from './generate';
import { done, openExisting, openScratch } from './raw-idb';

const DECK = 'import_diag0000000';
/** The import's transaction: its four stores and the word index's three the gateway adds. */
const IMPORT_SCOPE = ['decks', 'cards', 'reviewLogs', 'media', 'cardWords', 'wordPostings', 'wordIds'];

export interface CompareWay {
  name: string;
  /** Into the scratch database (the bench's baseline) rather than the app's. */
  scratch?: boolean;
  /** Through the app's gateway (transactRaw + putCardsIndexLater); 'schedules': putCardSchedules (no word-index row); 'raw': the rows put raw on its transaction. */
  gateway?: true | 'schedules' | 'raw';
  /** Raw puts `chunk` per task with `inFlight` chunks queued (gateway-raw.ts's way); absent: all at once. */
  pipelined?: { chunk: number; inFlight: number };
  /** Raw: only the cards and decks stores in the transaction. */
  narrowScope?: boolean;
  /** First, the disk guard's room check as an import makes it: this many MB written to OPFS and flushed, then emptied (space-probe.worker.ts). */
  probeMb?: number;
  /** The rows in key order (as a read of the stored rows returns them), not the file's order. */
  sorted?: boolean;
}

export const COMPARE_WAYS: CompareWay[] = [
  { name: 'gateway (the app)', gateway: true },
  { name: 'raw, app db, all at once', narrowScope: true },
  { name: 'raw, app db, all at once, import scope' },
  { name: 'raw, app db, 1,000 x 4 queued, import scope', pipelined: { chunk: 1000, inFlight: 4 } },
  { name: 'gateway, putCardSchedules', gateway: 'schedules' },
  { name: 'gateway transaction, raw puts all at once', gateway: 'raw' },
  { name: 'gateway after a 21 MB probe (the app)', gateway: true, probeMb: 21 },
  { name: 'raw, scratch db, after a 21 MB probe', scratch: true, probeMb: 21 },
  { name: 'gateway, rows in key order', gateway: true, sorted: true },
  { name: 'raw, scratch db, rows in key order', scratch: true, sorted: true },
  { name: 'raw, app db, rows in key order, import scope', sorted: true },
  { name: 'raw, scratch db, all at once (the baseline)', scratch: true }
];

/** space-probe.worker.ts's write, inline (the harness bundle cannot start the app's worker files). */
const PROBE_WORKER = `onmessage = async (e) => {
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle('diag-probe.bin', { create: true });
  const handle = await file.createSyncAccessHandle();
  const chunk = new Uint8Array(1 << 20).fill(1);
  for (let at = 0; at < e.data; at += chunk.length) handle.write(chunk, { at });
  handle.flush();
  handle.truncate(0);
  handle.flush();
  handle.close();
  postMessage(performance.now());
};`;

function probe(mb: number): Promise<void> {
  const worker = new Worker(URL.createObjectURL(new Blob([PROBE_WORKER], { type: 'text/javascript' })));
  return new Promise((resolve) => {
    worker.onmessage = () => {
      worker.terminate();
      resolve();
    };
    worker.postMessage(mb * 1024 * 1024);
  });
}

/** Import-like rows: a deck's id, ids hashed from the text (random key order), the generator's content. */
function importLikeRows(opts: GenerateOptions): CardRow[] {
  const rows: CardRow[] = [];
  for (const batch of generateCollection({ ...opts, contentOnly: true, batchSize: 10_000 })) rows.push(...batch.cards);
  let n = 0;
  for (const row of rows) {
    row.deckId = DECK;
    row.id = `${DECK}:h:${((Math.imul(++n, 2654435761) >>> 0).toString(36) + n.toString(36)).padStart(14, '0')}`;
  }
  return rows.map(withDerivedColumns);
}

function putAll(store: IDBObjectStore, rows: readonly CardRow[], pipelined?: { chunk: number; inFlight: number }): Promise<void> {
  if (!pipelined) {
    for (const row of rows) store.put(row);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    let next = 0;
    const issue = () => {
      if (next >= rows.length) return;
      const end = Math.min(next + pipelined.chunk, rows.length);
      let last!: IDBRequest;
      for (let i = next; i < end; i++) last = store.put(rows[i]);
      next = end;
      last.onsuccess = () => (end === rows.length ? resolve() : issue());
      last.onerror = () => reject(last.error);
    };
    for (let i = 0; i < pipelined.inFlight; i++) issue();
  });
}

async function rawWrite(db: IDBDatabase, rows: readonly CardRow[], way: CompareWay): Promise<number> {
  const t0 = performance.now();
  const tx = db.transaction(way.narrowScope || way.scratch ? ['decks', 'cards'] : IMPORT_SCOPE, 'readwrite');
  const committed = done(tx);
  tx.objectStore('decks').put({ id: DECK, title: 'Diag', description: '', source: 'import', hash: 'x', position: 1000 });
  await putAll(tx.objectStore('cards'), rows, way.pipelined);
  await committed;
  return performance.now() - t0;
}

/** One way's write of `opts.cards` import-like rows, `settleMs` after the call; ms. Leaves the rows stored (a fresh profile per call). */
export async function importWriteCompare(app: FlashcardDatabase, opts: GenerateOptions & { way: number; settleMs: number }): Promise<number> {
  const way = COMPARE_WAYS[opts.way];
  const rows = importLikeRows(opts);
  if (way.sorted) rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await new Promise((resolve) => setTimeout(resolve, opts.settleMs));
  // The probe is not timed: the write after it is (the bench times the room check apart).
  if (way.probeMb) await probe(way.probeMb);
  if (way.gateway) {
    const t0 = performance.now();
    await transactRaw<unknown>(app, ['decks', 'cards', 'reviewLogs', 'media'], (w, tx) =>
      way.gateway === 'schedules'
        ? w.putCardSchedules(rows)
        : way.gateway === 'raw'
          ? putAll((tx as IDBTransaction).objectStore('cards'), rows)
          : w.putCardsIndexLater(rows)
    );
    return performance.now() - t0;
  }
  const db = way.scratch ? await openScratch({ noteIdIndex: true }) : await openExisting();
  try {
    return await rawWrite(db, rows, way);
  } finally {
    db.close();
  }
}
