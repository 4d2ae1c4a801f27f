import type { SqlJsStatic } from 'sql.js';
import { bytesHash, contentHash } from '../../decks/hash';
import { audioMime, htmlCard, imageMime, looksLikeAudio, looksLikeImage, hasVisibleContent } from '../../cards/card-html';
import { COLLECTION_LIMIT, fieldTooLong, MEDIA_FILE_LIMIT, MEDIA_LIST_LIMIT, MEDIA_TOTAL_LIMIT, sizeText } from '../limits';
import { rewriteMedia } from '../media-refs';
import { ImportError, type ImportedCard, type ImportedMedia, type ImportProblem, type ParsedImport } from '../types';
import { openCollection, type AnkiCollection, type AnkiReview } from './collection';
import { decodeMessage, protoMessages, protoNumber, protoString } from './protobuf';
import { historyFromAnki, scheduleFromAnki } from './schedule';
import { answerOnly, renderTemplate } from '../template';
import { typeInAnswer } from './type-in';
import { listZip, overLimitError, readEntry, type EntryLimit, type ZipEntry } from './zip';
import { isZstd, unzstdBounded } from './zstd';

/** The src of an <img>, past quoted attribute values that may hold ">" (alt="a > b"). */
const IMG_SRC = /<img\b(?:[^<>"']|"[^"]*"|'[^']*')*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const SOUND_REF = /\[sound:([^\]]+)\]/g;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

const COLLECTION: EntryLimit = { bytes: COLLECTION_LIMIT, what: 'an Anki collection' };
const MEDIA_LIST: EntryLimit = { bytes: MEDIA_LIST_LIMIT, what: "a package's media list" };
const MEDIA_FILE: EntryLimit = { bytes: MEDIA_FILE_LIMIT, what: 'one image or sound file' };

/** An entry decompressed within its limit; the newest packages zstd-compress it inside the zip as well. */
function readBounded(bytes: Uint8Array, entry: ZipEntry, fileName: string, limit: EntryLimit, label = entry.name): Uint8Array {
  const data = readEntry(bytes, entry, fileName, limit, label);
  return isZstd(data) ? unzstdBounded(data, label, fileName, limit) : data;
}

/** The package's media list: zip entry name -> original file name. */
function readMediaMap(bytes: Uint8Array | undefined, fileName: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!bytes || bytes.length === 0) return map;
  if (bytes[0] === 0x7b /* { */) {
    try {
      for (const [entry, name] of Object.entries(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>)) map.set(entry, name);
    } catch {
      throw new ImportError(`"${fileName}" has a damaged media list (its "media" file is not valid JSON).`);
    }
    return map;
  }
  // Newer packages: zstd-compressed protobuf MediaEntries { repeated MediaEntry entries = 1 },
  // MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; optional uint32 legacy_zip_filename = 255 }.
  const raw = isZstd(bytes) ? unzstdBounded(bytes, 'media', fileName, MEDIA_LIST) : bytes;
  try {
    protoMessages(decodeMessage(raw), 1).forEach((entry, i) => {
      const legacy = entry.has(255) ? protoNumber(entry, 255) : i;
      map.set(String(legacy), protoString(entry, 1));
    });
  } catch {
    throw new ImportError(`"${fileName}" has a damaged media list.`);
  }
  return map;
}

function deckTitle(collection: AnkiCollection, fileName: string): string {
  const counts = new Map<number, number>();
  for (const c of collection.cards) counts.set(c.did, (counts.get(c.did) ?? 0) + 1);
  const names = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([did]) => collection.decks.get(did))
    .filter((n): n is string => !!n);
  if (names.length === 0) return fileName.replace(/\.[^.]+$/, '');
  // Several subdecks: their common parent.
  let common = names[0].split('::');
  for (const n of names.slice(1)) {
    const parts = n.split('::');
    let k = 0;
    while (k < common.length && k < parts.length && common[k] === parts[k]) k++;
    common = common.slice(0, k);
  }
  const title = (common.length ? common : names[0].split('::')).join(' / ');
  return title === 'Default' ? fileName.replace(/\.[^.]+$/, '') : title;
}

export type Progress = (share: number, stage: string) => void;

/** An Anki .apkg / .colpkg: notes and their cards, tags, images and (optionally) scheduling. */
export async function parseAnkiPackage(
  bytes: Uint8Array,
  fileName: string,
  loadSql: () => Promise<SqlJsStatic>,
  onProgress: Progress = () => {},
  now = Date.now()
): Promise<ParsedImport> {
  onProgress(0.02, 'Opening the package');
  const entries = listZip(bytes, fileName);
  const names = new Set(entries.map((e) => e.name));
  if (entries.length && (names.has('[Content_Types].xml') || [...names].some((n) => n.startsWith('xl/')))) {
    throw new ImportError(`"${fileName}" is an Excel workbook, not an Anki package. In Excel, save it as "CSV UTF-8" and import the .csv file.`);
  }
  // Newer packages also hold a collection.anki2 that only says "please update Anki": prefer the newest.
  const byEntry = new Map<string, ZipEntry>();
  for (const e of entries) if (!byEntry.has(e.name)) byEntry.set(e.name, e);
  const collectionName = ['collection.anki21b', 'collection.anki21', 'collection.anki2'].find((n) => byEntry.has(n));
  if (!collectionName) {
    throw new ImportError(`"${fileName}" is a zip file but not an Anki package: it has no collection.anki2, collection.anki21 or collection.anki21b inside.`);
  }
  const sqlite = readBounded(bytes, byEntry.get(collectionName)!, fileName, COLLECTION);
  checkSqlite(sqlite, collectionName, fileName);
  const mediaEntry = byEntry.get('media');
  const mediaMap = readMediaMap(mediaEntry ? readBounded(bytes, mediaEntry, fileName, MEDIA_LIST) : undefined, fileName);

  onProgress(0.15, 'Reading the collection');
  const SQL = await loadSql();
  const collection = openCollection(SQL, sqlite, fileName);
  onProgress(0.4, 'Reading notes');

  const problems: ImportProblem[] = [];
  // Images and sounds referenced by the notes, loaded from the zip (unused files are skipped).
  const byName = new Map<string, string>();
  for (const [entry, name] of mediaMap) byName.set(name, entry);
  const referenced = new Set<string>();
  for (const note of collection.notes) {
    for (const field of note.fields) {
      for (const m of field.matchAll(IMG_SRC)) {
        const src = (m[1] ?? m[2] ?? m[3] ?? '').trim();
        for (const candidate of [src, safeDecode(src)]) if (byName.has(candidate)) referenced.add(candidate);
      }
      for (const m of field.matchAll(SOUND_REF)) if (byName.has(m[1].trim())) referenced.add(m[1].trim());
    }
  }
  const media: ImportedMedia[] = [];
  const hashOf = new Map<string, string>();
  let mediaBytes = 0;
  for (const name of referenced) {
    const mime = imageMime(name) ?? audioMime(name);
    if (!mime) {
      problems.push({
        where: 'media',
        message: `"${name}" is not imported: only PNG, JPEG, GIF, WebP, AVIF and BMP images and MP3, OGG, Opus, WAV, M4A, AAC, FLAC and WebM sounds are (SVG is left out for safety)`,
        severity: 'warning'
      });
      continue;
    }
    const kind = mime.startsWith('audio/') ? 'sound' : 'image';
    const entry = byEntry.get(byName.get(name)!);
    if (!entry) {
      problems.push({ where: 'media', message: `${kind} "${name}" is listed in the package but missing from it`, severity: 'warning' });
      continue;
    }
    const data = readBounded(bytes, entry, fileName, MEDIA_FILE, name);
    const valid = kind === 'sound' ? looksLikeAudio(data, mime) : looksLikeImage(data, mime);
    if (!valid) {
      problems.push({ where: 'media', message: `"${name}" is not a valid ${mime.slice(6).toUpperCase()} ${kind}; it is left out`, severity: 'warning' });
      continue;
    }
    const hash = bytesHash(data);
    hashOf.set(name, hash);
    if (media.some((m) => m.hash === hash)) continue;
    mediaBytes += data.length;
    if (mediaBytes > MEDIA_TOTAL_LIMIT) {
      throw overLimitError(fileName, 'its images and sounds', `come to more than ${sizeText(MEDIA_TOTAL_LIMIT)} once decompressed (reached at "${name}")`, {
        bytes: MEDIA_TOTAL_LIMIT,
        what: 'all the media of one package'
      });
    }
    media.push({ hash, name, mime, data });
  }
  const lookup = (name: string) => hashOf.get(name);

  const notes = new Map(collection.notes.map((n) => [n.id, n]));
  const reviewsByCard = new Map<number, AnkiReview[]>();
  for (const r of collection.reviews) {
    const list = reviewsByCard.get(r.cid);
    if (list) list.push(r);
    else reviewsByCard.set(r.cid, [r]);
  }
  const cards: ImportedCard[] = [];
  const missingImages = new Set<string>();
  let sounds = 0;
  let blocked = 0;
  collection.cards.forEach((card, i) => {
    if (i % 500 === 0) onProgress(0.4 + 0.55 * (i / Math.max(1, collection.cards.length)), 'Making cards');
    const note = notes.get(card.nid);
    const where = `note ${card.nid}`;
    if (!note) {
      problems.push({ where: `card ${card.id}`, message: `belongs to note ${card.nid}, which is not in the package; skipped`, severity: 'error' });
      return;
    }
    const notetype = collection.notetypes.get(note.mid);
    if (!notetype) {
      problems.push({ where, message: `uses a note type (id ${note.mid}) that is not in the package; skipped`, severity: 'error' });
      return;
    }
    const template = notetype.cloze ? notetype.templates[0] : notetype.templates.find((t) => t.ord === card.ord);
    if (!template) {
      problems.push({ where, message: `card ${card.ord + 1} of note type "${notetype.name}" has no template; skipped`, severity: 'error' });
      return;
    }
    const fields: Record<string, string> = {};
    notetype.fields.forEach((name, k) => (fields[name] = note.fields[k] ?? ''));
    const tooLong = notetype.fields.map((name) => fieldTooLong(`field "${name}"`, fields[name])).find(Boolean);
    if (tooLong) {
      problems.push({ where, message: `${tooLong}; card ${card.ord + 1} skipped`, severity: 'error' });
      return;
    }
    const ctx = { fields, ord: card.ord, tags: note.tags, deck: collection.decks.get(card.did) ?? '', notetype: notetype.name, card: template.name };
    const question = renderTemplate(template.qfmt, { ...ctx, side: 'q' });
    const answer = renderTemplate(answerOnly(template.afmt), { ...ctx, side: 'a', frontSide: question });
    const q = rewriteMedia(question, lookup);
    const a = rewriteMedia(answer, lookup);
    [...q.missing, ...a.missing].forEach((n) => missingImages.add(n));
    sounds += q.sounds + a.sounds;
    blocked += q.blocked + a.blocked;
    if (!hasVisibleContent(q.html)) {
      problems.push({ where, message: `card ${card.ord + 1} ("${template.name}") has an empty question; skipped`, severity: 'warning' });
      return;
    }
    const imported: ImportedCard = {
      key: `a:${note.guid}.${card.ord}`,
      note: `a:${note.guid}`,
      front: htmlCard(q.html),
      back: htmlCard(a.html || '<p>(empty answer)</p>'),
      tags: note.tags,
      where
    };
    const typeIn = typeInAnswer(template.qfmt, fields, card.ord);
    if (typeIn) imported.typeIn = typeIn;
    const answers = reviewsByCard.get(card.id) ?? [];
    const history = historyFromAnki(answers, now);
    const schedule = scheduleFromAnki(card, answers, collection.crt, now, history);
    if (schedule) imported.schedule = schedule;
    if (history) imported.answers = history.answers;
    cards.push(imported);
  });
  if (missingImages.size) {
    const list = [...missingImages];
    problems.push({
      where: 'media',
      message: `${list.length} image${list.length === 1 ? ' is' : 's are'} referenced but not in the package (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}); their names are shown instead`,
      severity: 'warning'
    });
  }
  if (blocked)
    problems.push({
      where: 'media',
      message: `${blocked} image${blocked === 1 ? '' : 's'} with a data: or other inline URL removed (not allowed for safety)`,
      severity: 'warning'
    });
  if (sounds)
    problems.push({
      where: 'media',
      message: `${sounds} sound reference${sounds === 1 ? '' : 's'} ([sound:…]) left out: the sound file is not in the package or not a sound this app plays`,
      severity: 'warning'
    });
  if (cards.length === 0 && problems.every((p) => p.severity !== 'error')) {
    const dummy = collection.notes.length === 1 && /update to the latest/i.test(collection.notes[0].fields.join(' '));
    throw new ImportError(
      dummy
        ? `"${fileName}" needs a newer Anki to read. In Anki, export it again with "Support older Anki versions" ticked.`
        : `"${fileName}" has no cards to import.`
    );
  }
  onProgress(1, 'Done');
  return {
    fileName,
    format: 'apkg',
    suggestedTitle: deckTitle(collection, fileName),
    description: '',
    cards,
    problems,
    media,
    hash: contentHash(`${fileName}:${bytes.length}:${bytesHash(bytes.subarray(0, 1 << 20))}`)
  };
}

/** The collection must be an SQLite file: a zip inside the zip, or anything else, is named as what it is. */
function checkSqlite(bytes: Uint8Array, entry: string, fileName: string): void {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (head === SQLITE_MAGIC) return;
  const what = head.startsWith('PK') ? 'a zip archive (a package inside the package)' : isZstd(bytes) ? 'compressed twice' : 'not an SQLite database';
  throw new ImportError(`"${fileName}" contains a damaged Anki collection: "${entry}" is ${what}. Export the deck from Anki again.`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
