import type { Table } from 'dexie';
import { publishCommitted } from './change-set';
import { changeFeedOn, type OutboxRow } from './change-feed';
import type { FlashcardDatabase } from './database';
import { markGatewayTransaction } from './gateway-guard';
import { Store, type DataStoreName } from './stores';
import { GatewayWriter, type StorePrimitives, type Writer } from './writer';

export type { Writer } from './writer';

/**
 * The write gateway over Dexie: one read-write transaction over `stores`, in which `work` reads
 * with Dexie as usual and writes only through the Writer (writer.ts). Dexie refuses any other
 * write to the data stores (gateway-guard.ts). Resolves with `work`'s result once the
 * transaction committed; then other tabs and local listeners (sync) hear what changed.
 */
export async function transact<T>(db: FlashcardDatabase, stores: readonly DataStoreName[], work: (w: Writer) => Promise<T>): Promise<T> {
  const feedOn = changeFeedOn();
  const tables = (feedOn ? [...stores, Store.outbox] : [...stores]).map((name) => db.table(name));
  let writer!: GatewayWriter;
  const result = await db.transaction('rw', tables, (trans) => {
    markGatewayTransaction(trans.idbtrans);
    writer = new GatewayWriter(dexiePrimitives(db), feedOn);
    return work(writer);
  });
  publishCommitted(writer.changes);
  return result;
}

function dexiePrimitives(db: FlashcardDatabase): StorePrimitives {
  const table = (name: DataStoreName) => db.table(name) as Table<object, string>;
  return {
    put: async (store, rows, onProgress) => {
      if (rows.length === 1) await table(store).put(rows[0]);
      else if (rows.length) await table(store).bulkPut(rows as object[]);
      onProgress?.(rows.length);
    },
    add: async (store, row) => {
      await table(store).add(row);
    },
    delete: async (store, keys) => {
      if (keys.length === 1) await table(store).delete(keys[0]);
      else if (keys.length) await table(store).bulkDelete(keys as string[]);
    },
    clear: (store) => table(store).clear(),
    feed: async (rows) => {
      await (db.table(Store.outbox) as Table<OutboxRow, number>).bulkAdd(rows as OutboxRow[]);
    }
  };
}
