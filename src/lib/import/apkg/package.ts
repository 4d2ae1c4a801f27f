import { decompress as zstdDecompress } from 'fzstd';
import type { SqlJsStatic } from 'sql.js';
import { bytesHash, contentHash } from '../../decks/hash';
import { htmlCard, imageMime, looksLikeImage, textOfHtml } from '../../cards/card-html';
import { rewriteMedia } from '../media-refs';
import { ImportError, type ImportedCard, type ImportedMedia, type ImportProblem, type ParsedImport } from '../types';
import { openCollection, type AnkiCollection, type AnkiReview } from './collection';
import { decodeMessage, protoMessages, protoNumber, protoString } from './protobuf';
import { scheduleFromAnki } from './schedule';
import { answerOnly, renderTemplate } from '../template';
import { listZip, unzipEntries } from './zip';

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const isZstd = (b: Uint8Array) => ZSTD_MAGIC.every((m, i) => b[i] === m);
const IMG_SRC = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

function unzstd(bytes: Uint8Array, what: string, fileName: string): Uint8Array {
  try {
    return zstdDecompress(bytes);
  } catch (error) {
    throw new ImportError(
      `"${fileName}" uses the newest Anki package format and its ${what} could not be decompressed (${error instanceof Error ? error.message : String(error)}). In Anki, export the deck again with "Support older Anki versions" ticked.`
    );
  }
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
  const raw = isZstd(bytes) ? unzstd(bytes, 'media list', fileName) : bytes;
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
  const candidates = ['collection.anki21b', 'collection.anki21', 'collection.anki2'];
  const opened = unzipEntries(bytes, fileName, (n) => candidates.includes(n) || n === 'media');
  const collectionName = candidates.find((n) => opened[n]);
  const collectionBytes = collectionName ? opened[collectionName] : undefined;
  if (!collectionName || !collectionBytes) {
    throw new ImportError(`"${fileName}" is a zip file but not an Anki package: it has no collection.anki2, collection.anki21 or collection.anki21b inside.`);
  }
  const sqlite = collectionName.endsWith('b') ? unzstd(collectionBytes, 'collection', fileName) : collectionBytes;
  const mediaMap = readMediaMap(opened.media, fileName);

  onProgress(0.15, 'Reading the collection');
  const SQL = await loadSql();
  const collection = openCollection(SQL, sqlite, fileName);
  onProgress(0.4, 'Reading notes');

  const problems: ImportProblem[] = [];
  // Images referenced by the notes, loaded from the zip (sounds and unused files are skipped).
  const byName = new Map<string, string>();
  for (const [entry, name] of mediaMap) byName.set(name, entry);
  const referenced = new Set<string>();
  for (const note of collection.notes) {
    for (const field of note.fields) {
      for (const m of field.matchAll(IMG_SRC)) {
        const src = (m[1] ?? m[2] ?? m[3] ?? '').trim();
        for (const candidate of [src, safeDecode(src)]) if (byName.has(candidate)) referenced.add(candidate);
      }
    }
  }
  const media: ImportedMedia[] = [];
  const hashOf = new Map<string, string>();
  const wantedEntries = new Map<string, string>();
  for (const name of referenced) {
    const mime = imageMime(name);
    if (!mime) {
      problems.push({
        where: 'media',
        message: `"${name}" is not imported: only PNG, JPEG, GIF, WebP, AVIF and BMP images are (SVG is left out for safety)`,
        severity: 'warning'
      });
      continue;
    }
    wantedEntries.set(byName.get(name)!, name);
  }
  if (wantedEntries.size) {
    const files = unzipEntries(bytes, fileName, (n) => wantedEntries.has(n));
    for (const [entry, name] of wantedEntries) {
      let data = files[entry];
      if (!data) {
        problems.push({ where: 'media', message: `image "${name}" is listed in the package but missing from it`, severity: 'warning' });
        continue;
      }
      if (isZstd(data)) data = unzstd(data, `image "${name}"`, fileName);
      const mime = imageMime(name)!;
      if (!looksLikeImage(data, mime)) {
        problems.push({ where: 'media', message: `"${name}" is not a valid ${mime.slice(6).toUpperCase()} image; it is left out`, severity: 'warning' });
        continue;
      }
      const hash = bytesHash(data);
      hashOf.set(name, hash);
      if (!media.some((m) => m.hash === hash)) media.push({ hash, name, mime, data });
    }
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
    const ctx = { fields, ord: card.ord, tags: note.tags, deck: collection.decks.get(card.did) ?? '', notetype: notetype.name, card: template.name };
    const question = renderTemplate(template.qfmt, { ...ctx, side: 'q' });
    const answer = renderTemplate(answerOnly(template.afmt), { ...ctx, side: 'a', frontSide: question });
    const q = rewriteMedia(question, lookup);
    const a = rewriteMedia(answer, lookup);
    [...q.missing, ...a.missing].forEach((n) => missingImages.add(n));
    sounds += q.sounds + a.sounds;
    blocked += q.blocked + a.blocked;
    if (!textOfHtml(q.html) && !q.used.length) {
      problems.push({ where, message: `card ${card.ord + 1} ("${template.name}") has an empty question; skipped`, severity: 'warning' });
      return;
    }
    const imported: ImportedCard = {
      key: `a:${note.guid}.${card.ord}`,
      front: htmlCard(q.html),
      back: htmlCard(a.html || '<p>(empty answer)</p>'),
      tags: note.tags,
      where
    };
    const schedule = scheduleFromAnki(card, reviewsByCard.get(card.id) ?? [], collection.crt, now);
    if (schedule) imported.schedule = schedule;
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
      message: `${sounds} sound reference${sounds === 1 ? '' : 's'} ([sound:…]) left out: audio is not imported`,
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

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
