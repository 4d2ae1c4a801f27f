import { COLLECTION_LIMIT, MEDIA_LIST_LIMIT } from '../limits';
import { ImportError } from '../types';
import { readMediaList } from './media-list';
import { listZip, readEntry, type EntryLimit, type ZipEntry } from './zip';
import { isZstd, unzstdBounded } from './zstd';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const COLLECTION: EntryLimit = { bytes: COLLECTION_LIMIT, what: 'an Anki collection' };
const MEDIA_LIST: EntryLimit = { bytes: MEDIA_LIST_LIMIT, what: "a package's media list" };

/** A package's zip opened within the limits: its entries, the collection's SQLite bytes and the media list. */
export interface OpenedPackage {
  bytes: Uint8Array;
  fileName: string;
  /** Zip entries by name (the first of a repeated name). */
  entries: Map<string, ZipEntry>;
  sqlite: Uint8Array;
  /** Zip entry name -> the media file's own name. */
  mediaMap: Map<string, string>;
}

/** An entry decompressed within its limit; the newest packages zstd-compress it inside the zip as well. */
export function readBounded(bytes: Uint8Array, entry: ZipEntry, fileName: string, limit: EntryLimit, label = entry.name): Uint8Array {
  const data = readEntry(bytes, entry, fileName, limit, label);
  return isZstd(data) ? unzstdBounded(data, label, fileName, limit) : data;
}

/** Stage 1: the zip, its collection and its media list, each decompressed within its limit. */
export function openPackage(bytes: Uint8Array, fileName: string): OpenedPackage {
  const list = listZip(bytes, fileName);
  const names = new Set(list.map((e) => e.name));
  if (list.length && (names.has('[Content_Types].xml') || [...names].some((n) => n.startsWith('xl/')))) {
    throw new ImportError(`"${fileName}" is an Excel workbook, not an Anki package. In Excel, save it as "CSV UTF-8" and import the .csv file.`);
  }
  // Newer packages also hold a collection.anki2 that only says "please update Anki": prefer the newest.
  const entries = new Map<string, ZipEntry>();
  for (const e of list) if (!entries.has(e.name)) entries.set(e.name, e);
  const collectionName = ['collection.anki21b', 'collection.anki21', 'collection.anki2'].find((n) => entries.has(n));
  if (!collectionName) {
    throw new ImportError(`"${fileName}" is a zip file but not an Anki package: it has no collection.anki2, collection.anki21 or collection.anki21b inside.`);
  }
  const sqlite = readBounded(bytes, entries.get(collectionName)!, fileName, COLLECTION);
  checkSqlite(sqlite, collectionName, fileName);
  const mediaEntry = entries.get('media');
  const mediaMap = readMediaList(mediaEntry ? readBounded(bytes, mediaEntry, fileName, MEDIA_LIST) : undefined, fileName);
  return { bytes, fileName, entries, sqlite, mediaMap };
}

/** The collection must be an SQLite file: a zip inside the zip, or anything else, is named as what it is. */
function checkSqlite(bytes: Uint8Array, entry: string, fileName: string): void {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (head === SQLITE_MAGIC) return;
  const what = head.startsWith('PK') ? 'a zip archive (a package inside the package)' : isZstd(bytes) ? 'compressed twice' : 'not an SQLite database';
  throw new ImportError(`"${fileName}" contains a damaged Anki collection: "${entry}" is ${what}. Export the deck from Anki again.`);
}
