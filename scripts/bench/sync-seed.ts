/**
 * `--sync-seed server`: fills the server database with the documents device A's first upload
 * would put there, straight from Node (`_bulk_docs`), so the pull onto an empty device can be
 * measured without the 20-45 minute browser upload first. The documents are made by the app's own
 * rules (sync/engine/documents.ts, clock.ts, wire.ts) from the bench's own collection
 * (generate.ts, same seed), in the order the upload writes them: decks, the study settings, cards
 * by id, then review logs by id (time order), as pushEverything pages the tables.
 * Holds the collection's documents as JSON strings while sorting them (Node only, a few hundred MB
 * at 50k cards); the browser side never sees more than a replication batch.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SyncServer } from '../../tests/sync-server/harness';
import type { CardRow, DeckRow, ReviewLogRow } from '../../src/lib/db/schema';
import { stampAt } from '../../src/lib/sync/engine/clock';
import { cardFields, deckFields, isPristine, stampFields, type Body } from '../../src/lib/sync/engine/documents';
import { Wire, type WireDoc } from '../../src/lib/sync/engine/wire';
import { BENCH_SETTINGS, benchDeckRows, generateCollection, type GenerateOptions } from './generate';

/** Documents per `_bulk_docs` request. */
const BULK = 500;

export interface SeedResult {
  docs: number;
  decks: number;
  cards: number;
  logs: number;
  ms: number;
}

/** The documents of a first upload, as JSON text in the order the upload writes them. */
export interface UploadDocuments {
  /** Decks and the study settings, then cards by id, then logs by id. */
  head: string[];
  cards: string[];
  logs: string[];
}

/**
 * The documents device A's first upload (push.ts pushEverything) writes for `opts`' collection:
 * the bench decks and `builtinDeckIds` (the app's built-in decks, whose deck documents an upload
 * sends too: only the user's fields, none set here), the study settings row as the bench's
 * populate leaves it, every card (none is pristine: the bench decks are the user's) and every log.
 */
export async function uploadDocuments(opts: GenerateOptions, builtinDeckIds: readonly string[]): Promise<UploadDocuments> {
  const wire = new Wire(null);
  // pushEverything stamps every field of a first upload with the time the scan started.
  const at = Date.now();
  const fieldsDoc = async (t: Body['t'], key: string, values: Record<string, unknown>, body: (f: NonNullable<ReturnType<typeof stampFields>>) => Body) => {
    const id = await wire.id(t, key);
    return JSON.stringify({ _id: id, ...(await wire.encode(id, body(stampFields(undefined, values, (replaces) => stampAt(at, replaces))!))) });
  };
  const builtin = builtinDeckIds.map((id) => ({ id, title: id, description: '', source: 'builtin', hash: '', position: 0 }) as DeckRow);
  const decks = [...benchDeckRows(), ...builtin].sort((a, b) => (a.id < b.id ? -1 : 1));
  const deckById = new Map(decks.map((d) => [d.id, d]));
  const head = await Promise.all(decks.map((d) => fieldsDoc('deck', d.id, deckFields(d), (f) => ({ t: 'deck', id: d.id, f }))));
  head.push(await fieldsDoc('setting', 'study', { ...BENCH_SETTINGS }, (f) => ({ t: 'setting', key: 'study', f })));

  // Cards and logs: generated once, kept as JSON text, sorted into primary-key order.
  const cards: [string, string][] = [];
  const logs: [string, string][] = [];
  for (const batch of generateCollection(opts)) {
    const answered = new Set(batch.logs.map((l) => l.cardId));
    for (const card of batch.cards as CardRow[]) {
      const values = cardFields(card, deckById.get(card.deckId), answered.has(card.id));
      if (isPristine(values)) continue;
      cards.push([card.id, await fieldsDoc('card', card.id, values, (f) => ({ t: 'card', id: card.id, deckId: card.deckId, f }))]);
    }
    for (const { seq: _seq, ...row } of batch.logs as ReviewLogRow[]) {
      const id = await wire.id('log', row.id);
      logs.push([row.id, JSON.stringify({ _id: id, ...(await wire.encode(id, { t: 'log', row })) } satisfies WireDoc)]);
    }
  }
  const byKey = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return { head, cards: cards.sort(byKey).map(([, json]) => json), logs: logs.sort(byKey).map(([, json]) => json) };
}

/** Writes the documents of `opts`' collection (uploadDocuments) into `database`. */
export async function seedServer(
  server: SyncServer,
  database: string,
  opts: GenerateOptions,
  builtinDeckIds: readonly string[],
  log: (line: string) => void = () => undefined
): Promise<SeedResult> {
  const t0 = Date.now();
  const { head, cards, logs } = await uploadDocuments(opts, builtinDeckIds);
  log(`sync seed: ${cards.length} card and ${logs.length} log documents generated in ${Math.round((Date.now() - t0) / 1000)} s`);
  let written = 0;
  const send = async (docs: string[]) => {
    for (let i = 0; i < docs.length; i += BULK) {
      const chunk = docs.slice(i, i + BULK);
      // As replication writes them (new_edits false): each document with its first revision already made.
      const body = `{"new_edits":false,"docs":[${chunk.map(withRevision).join(',')}]}`;
      const response = await post(server, `${encodeURIComponent(database)}/_bulk_docs`, body);
      if (!response.ok) throw new Error(`seeding ${database}: HTTP ${response.status} ${await response.text()}`);
      const results = (await response.json()) as { error?: string; id: string }[]; // new_edits false: only the failures
      const failed = results.find((r) => r.error);
      if (failed) throw new Error(`seeding ${database}: ${failed.id} ${failed.error}`);
      written += chunk.length;
    }
  };
  await send(head);
  await send(cards);
  for (let i = 0; i < logs.length; i += 50 * BULK) {
    await send(logs.slice(i, i + 50 * BULK));
    log(`sync seed: ${written} documents on the server (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  return { docs: written, decks: head.length - 1, cards: cards.length, logs: logs.length, ms: Date.now() - t0 };
}

/**
 * A POST that is tried again when the connection fails: after the minutes of generating, fetch's
 * kept-alive connection has been closed by the server (Node's 5 s keep-alive), and fetch does not
 * retry a POST by itself. Writing the same revisions twice (new_edits false) changes nothing.
 */
async function post(server: SyncServer, path: string, body: string, tries = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++)
    try {
      return await server.adminFetch(path, { method: 'POST', body });
    } catch (error) {
      if (attempt >= tries) throw error;
    }
}

/** A document's JSON with a first revision (`1-` and an MD5 of the body, as PouchDB makes them) added at its end. */
function withRevision(json: string): string {
  return `${json.slice(0, -1)},"_rev":"1-${createHash('md5').update(json).digest('hex')}"}`;
}

/** The ids of the app's built-in decks, from a build's deck manifest. */
export function builtinDeckIds(buildDir: string): string[] {
  const manifest = JSON.parse(readFileSync(`${buildDir}/decks/manifest.json`, 'utf8')) as { decks: { id: string }[] };
  return manifest.decks.map((d) => d.id);
}
