import Dexie, { type Table } from 'dexie';
import { publishCommitted, type ChangeOrigin } from './change-set';
import { changeFeedOn, type OutboxRow } from './change-feed';
import type { FlashcardDatabase } from './database';
import { markGatewayTransaction } from './gateway-guard';
import { Store, withDerivedStores, type DataStoreName, type WrittenStoreName } from './stores';
import { gatewayWriteGate } from './write-outcomes';
import { GatewayWriter, type StorePrimitives, type Writer } from './writer';

export type { Writer } from './writer';

/**
 * The write gateway over Dexie: one read-write transaction over `stores`, in which `work` reads
 * with Dexie as usual and writes only through the Writer (writer.ts). Dexie refuses any other
 * write to the data stores (gateway-guard.ts). Resolves with `work`'s result once the
 * transaction committed; then other tabs and local listeners (sync) hear what changed.
 */
export async function transact<T>(
  db: FlashcardDatabase,
  stores: readonly DataStoreName[],
  work: (w: Writer) => Promise<T>,
  options: TransactOptions = {}
): Promise<T> {
  // The disk guard's check first (disk-guard.ts); not inside another transaction, which must not wait.
  const gate = Dexie.currentTransaction ? undefined : gatewayWriteGate(options.bytes);
  if (gate) await gate;
  const feedOn = options.origin !== 'sync' && changeFeedOn();
  const tables = (feedOn ? [...withDerivedStores(stores), Store.outbox] : withDerivedStores(stores)).map((name) => db.table(name));
  let writer!: GatewayWriter;
  const result = await db.transaction('rw', tables, (trans) => {
    markGatewayTransaction(trans.idbtrans);
    writer = new GatewayWriter(dexiePrimitives(db), feedOn);
    return work(writer);
  });
  publishCommitted(writer.changes, options.origin ?? 'local');
  return result;
}

export interface TransactOptions {
  /**
   * `sync` for changes pulled from another device: they are written like any other (derived
   * columns, announced to other tabs) but not fed back to the change feed, which holds this
   * device's own changes only.
   */
  origin?: ChangeOrigin;
  /** About how many bytes a bulk transaction writes: the disk guard's check before it is that large (disk-guard.ts). */
  bytes?: number;
}

/** Reads the oldest `limit` rows of the change feed (sync pushes them in this order). */
export function readOutbox(db: FlashcardDatabase, limit: number): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').limit(limit).toArray();
}

/** Removes the feed's rows up to and including `seq`, once they are pushed. */
export async function dropOutbox(db: FlashcardDatabase, seq: number): Promise<void> {
  await db.transaction('rw', db.outbox, async (trans) => {
    markGatewayTransaction(trans.idbtrans);
    await db.outbox.where('seq').belowOrEqual(seq).delete();
  });
}

function dexiePrimitives(db: FlashcardDatabase): StorePrimitives {
  // Dexie's promises throughout (no async functions): native ones would lose the transaction's zone.
  const table = (name: WrittenStoreName) => db.table(name) as Table<object, string>;
  return {
    put: (store, rows, onProgress) =>
      (rows.length === 1 ? table(store).put(rows[0]) : table(store).bulkPut(rows as object[])).then(() => {
        onProgress?.(rows.length);
      }),
    get: (store, keys) => table(store).bulkGet(keys as string[]),
    getRange: (store, low, high, limit) => table(store).where(':id').between(low, high, true, true).limit(limit).toArray(),
    add: (store, row) =>
      table(store)
        .add(row)
        .then(() => undefined),
    delete: (store, keys) => (keys.length === 1 ? table(store).delete(keys[0] as string) : table(store).bulkDelete(keys as string[])),
    clear: (store) => table(store).clear(),
    feed: (rows) => (db.table(Store.outbox) as Table<OutboxRow, number>).bulkAdd(rows as OutboxRow[]).then(() => undefined),
    all: (work) => Dexie.Promise.all([...work])
  };
}
