import { decodeHtmlEntities } from './html-entities';

/**
 * Card text is Markdown (like the built-in decks). Imported HTML (Anki fields, CSV with HTML)
 * is stored behind this marker so the renderer sanitizes it as HTML instead of parsing it as
 * Markdown; plain text is escaped into the same form so it shows exactly as written.
 */
export const HTML_CARD_PREFIX = '<!--html-->';

export function isHtmlCard(text: string): boolean {
  return text.startsWith(HTML_CARD_PREFIX);
}

export function htmlCard(html: string): string {
  return HTML_CARD_PREFIX + html;
}

export function htmlBody(text: string): string {
  return isHtmlCard(text) ? text.slice(HTML_CARD_PREFIX.length) : text;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain text shown as written: escaped, line breaks kept. */
export function plainTextCard(text: string): string {
  return htmlCard(escapeHtml(text).replace(/\r\n?|\n/g, '<br>'));
}

/** One tag, with quoted attribute values that may hold ">" (alt="a > b"). */
const TAG = `<\\/?[a-z][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>`;
const ANY_TAG = new RegExp(TAG, 'gi');
const IMG_TAG = new RegExp(TAG.replace('<\\/?[a-z]', '<img\\b'), 'gi');

/** Visible text of an HTML fragment (for "is this side empty?" and content hashes). */
export function textOfHtml(html: string): string {
  return decodeHtmlEntities(
    html
      .replace(/<!--[\s\S]*?-->|<![^>]*>/g, '')
      .replace(IMG_TAG, ' [image] ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(ANY_TAG, '')
  ).trim();
}

/** Elements that show something without any text: a card made only of one of these is not empty. */
const VISIBLE_WITHOUT_TEXT = /<(img|audio|video|svg|math|canvas)\b/i;

/** True when an HTML side shows anything: text, or an image (with any attributes), a sound, a drawing. */
export function hasVisibleContent(html: string): boolean {
  return textOfHtml(html) !== '' || VISIBLE_WITHOUT_TEXT.test(html);
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp'
};

/**
 * MIME type of an importable image, from its name. SVG is deliberately absent: an SVG blob
 * opened on its own would run its scripts in the app's origin.
 */
export function imageMime(name: string): string | null {
  const m = /\.[^.]+$/.exec(name.toLowerCase());
  return (m && IMAGE_TYPES[m[0]]) || null;
}

/** Checks the first bytes, so a file named .png that is really HTML is not stored as an image. */
export function looksLikeImage(bytes: Uint8Array, mime: string): boolean {
  const b = bytes;
  switch (mime) {
    case 'image/png':
      return b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
    case 'image/jpeg':
      return b[0] === 0xff && b[1] === 0xd8;
    case 'image/gif':
      return b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46;
    case 'image/webp':
      return b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45;
    case 'image/bmp':
      return b[0] === 0x42 && b[1] === 0x4d;
    case 'image/avif':
      return b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70;
    default:
      return false;
  }
}

const AUDIO_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.webm': 'audio/webm'
};

/** MIME type of an importable sound ([sound:name] in Anki), from its name. */
export function audioMime(name: string): string | null {
  const m = /\.[^.]+$/.exec(name.toLowerCase());
  return (m && AUDIO_TYPES[m[0]]) || null;
}

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

/** Checks the first bytes, so a file named .mp3 that is really HTML is not stored as a sound. */
export function looksLikeAudio(b: Uint8Array, mime: string): boolean {
  switch (mime) {
    case 'audio/mpeg':
      return ascii(b, 0, 'ID3') || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0);
    case 'audio/ogg':
      return ascii(b, 0, 'OggS');
    case 'audio/wav':
      return ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE');
    case 'audio/mp4':
      return ascii(b, 4, 'ftyp');
    case 'audio/aac':
      return ascii(b, 0, 'ID3') || (b[0] === 0xff && (b[1] & 0xf6) === 0xf0);
    case 'audio/flac':
      return ascii(b, 0, 'fLaC');
    case 'audio/webm':
      return b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
    default:
      return false;
  }
}
