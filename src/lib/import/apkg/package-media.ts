import { bytesHash } from '../../decks/hash';
import { audioMime, imageMime, looksLikeAudio, looksLikeImage } from '../../cards/card-html';
import { MEDIA_FILE_LIMIT, MEDIA_TOTAL_LIMIT, sizeText } from '../limits';
import type { ImportedMedia, ImportProblem } from '../types';
import type { AnkiNote } from './collection';
import { readBounded, type OpenedPackage } from './open-package';
import { overLimitError, type EntryLimit } from './zip';

/** The src of an <img>, past quoted attribute values that may hold ">" (alt="a > b"). */
const IMG_SRC = /<img\b(?:[^<>"']|"[^"]*"|'[^']*')*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const SOUND_REF = /\[sound:([^\]]+)\]/g;
const MEDIA_FILE: EntryLimit = { bytes: MEDIA_FILE_LIMIT, what: 'one image or sound file' };

export interface PackageMedia {
  media: ImportedMedia[];
  /** A media file's name in the notes -> the hash its bytes are stored under (only files kept). */
  lookup: (name: string) => string | undefined;
}

/** Stage 3: the images and sounds the notes reference, read from the zip within the limits and checked by their first bytes (unused files are skipped). */
export function loadPackageMedia(pkg: OpenedPackage, notes: AnkiNote[], problems: ImportProblem[]): PackageMedia {
  const { bytes, fileName, entries, mediaMap } = pkg;
  const byName = new Map<string, string>();
  for (const [entry, name] of mediaMap) byName.set(name, entry);
  const referenced = new Set<string>();
  for (const note of notes) {
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
    const entry = entries.get(byName.get(name)!);
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
  return { media, lookup: (name) => hashOf.get(name) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
