import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { connectionStatus, SUPERSEDED_MESSAGE, watchConnectionStatus, type ConnectionStatus } from '../../src/lib/db/connection-status';
import { database } from '../../src/lib/db/database';
import { DATABASE_NAME, NATIVE_SCHEMA_VERSION, SCHEMA_VERSION } from '../../src/lib/db/identity';
import { connection } from '../../src/lib/db/raw';

// The app's own database (database()), as the pages open it, with another "tab" beside it.
const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

describe('another tab with another version of the app', () => {
  it('an upgrade blocked by an old connection is reported, and goes on once that connection closes', async () => {
    // The previous schema (version 2), held open by a connection that ignores versionchange.
    const v2 = new Dexie(DATABASE_NAME);
    v2.version(1).stores({
      decks: 'id, position',
      cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
      reviewLogs: 'id, [cardId+review], [deckId+review], review',
      settings: 'key'
    });
    v2.version(2).stores({ media: 'id, deckId' });
    await v2.open();
    v2.close();
    const held = await request(indexedDB.open(DATABASE_NAME));

    const seen: ConnectionStatus[] = [];
    const stop = watchConnectionStatus((s) => seen.push(s));
    const opened = database().open();
    await expect.poll(() => connectionStatus()).toBe('blocked');
    held.close();
    await opened;
    stop();
    expect(seen).toEqual(['ready', 'blocked', 'ready']);
    expect(database().verno).toBe(SCHEMA_VERSION);
  });

  it('a newer version opening the database closes this one for good, and writes are refused in words', async () => {
    const db = database();
    await db.cards.count();
    const newer = await request(indexedDB.open(DATABASE_NAME, NATIVE_SCHEMA_VERSION + 10)); // not blocked: this tab let go
    expect(newer.version).toBe(NATIVE_SCHEMA_VERSION + 10);
    newer.close();
    expect(connectionStatus()).toBe('superseded');
    await expect(connection(db)).rejects.toThrow(SUPERSEDED_MESSAGE);
    await expect(db.cards.count()).rejects.toThrow(/DatabaseClosed|closed/i);
  });
});
