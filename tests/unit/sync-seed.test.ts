import { describe, expect, it } from 'vitest';
import memoryAdapter from 'pouchdb-adapter-memory';
import { transact } from '../../src/lib/db/gateway';
import { DATA_STORES } from '../../src/lib/db/stores';
import { loadPouchDB } from '../../src/lib/sync/pouch';
import { pushEverything } from '../../src/lib/sync/engine/push';
import { Wire, type LocalDatabase, type WireDoc } from '../../src/lib/sync/engine/wire';
import { BENCH_SETTINGS, benchDeckRows, generateCollection } from '../../scripts/bench/generate';
import { uploadDocuments } from '../../scripts/bench/sync-seed';
import { seededDb } from './db-helpers';

/**
 * The bench's `--sync-seed server` (scripts/bench/sync-seed.ts) stands in for device A's first
 * upload: its documents must be the ones the engine's own scan (push.ts pushEverything) writes
 * for the same collection, in the same order, or the pull it measures is another pull.
 */
const NOW = Date.UTC(2026, 0, 10, 12);
const opts = { cards: 12, seed: 7, now: NOW, logsPerReviewedCard: 3, batchSize: 5 };

/** A document without its revision, its fields' stamps (times of the scan) blanked. */
function comparable(doc: WireDoc): unknown {
  const { _rev: _r, ...rest } = doc;
  const body = rest.body as { f?: Record<string, [unknown, string]> } | undefined;
  if (!body?.f) return rest;
  return { ...rest, body: { ...body, f: Object.fromEntries(Object.entries(body.f).map(([k, [value]]) => [k, value])) } };
}

describe('bench sync seed', () => {
  it('writes the documents a first upload of the same collection writes, in its order', async () => {
    // Device A: a built-in deck (its deck document only), the bench decks, the study limits, the collection.
    const db = await seededDb('builtin-a', 3, NOW);
    await transact(db, DATA_STORES, async (w) => {
      await w.putDecks(benchDeckRows());
      await w.putSetting('study', { ...BENCH_SETTINGS });
      for (const batch of generateCollection(opts)) {
        await w.putCards(batch.cards);
        await w.putLogs(batch.logs);
      }
    });
    const PouchDB = (await loadPouchDB()) as unknown as { plugin(p: unknown): void; new (name: string, o: object): LocalDatabase };
    PouchDB.plugin(memoryAdapter);
    const local = new PouchDB(`seed-${process.pid}`, { adapter: 'memory' });
    await pushEverything(db, local, new Wire(null));
    const { results } = await local.changes({ include_docs: true });
    const uploaded = results.map((r) => comparable(r.doc!));

    const seeded = await uploadDocuments(opts, ['builtin-a']);
    const docs = [...seeded.head, ...seeded.cards, ...seeded.logs].map((json) => comparable(JSON.parse(json) as WireDoc));

    expect(seeded.cards.length).toBe(12);
    expect(seeded.logs.length).toBeGreaterThan(12);
    expect(docs).toEqual(uploaded);
    await local.destroy();
    db.close();
  }, 60_000); // a loaded 2-core machine: a few seconds of IndexedDB and PouchDB work
});
