import { escapeHtml } from '../cards/card-html';

/** An <img> tag, with quoted attribute values that may hold ">" (alt="a > b"). */
const IMG_TAG = /<img\b[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>/gi;
const ATTR = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
const SOUND = /\[sound:([^\]]*)\]/g;

export interface RewriteResult {
  html: string;
  /** Image names referenced but not in the package. */
  missing: string[];
  /** Media hashes used (images and sounds). */
  used: string[];
  /** Images with a data:, javascript: or other non-file URL, removed. */
  blocked: number;
  /** [sound:…] references left out (the file is not in the package). */
  sounds: number;
}

function attr(tag: string, name: string): string | null {
  const m = ATTR(name).exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function safeDecodeUri(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Points `<img src="name.png">` at the imported media (data-media="<hash>", resolved from
 * IndexedDB when shown) and turns Anki's [sound:name.mp3] into an audio control on the same
 * kind of reference; a sound that is not in the package is removed. Local images that are not
 * in the package become their name in brackets. This is not the
 * security boundary: the result is still sanitized before it is stored and when it is shown.
 */
export function rewriteMedia(html: string, lookup: (name: string) => string | undefined): RewriteResult {
  const missing: string[] = [];
  const used: string[] = [];
  let sounds = 0;
  let blocked = 0;
  let out = html.replace(SOUND, (_, raw: string) => {
    const name = decodeEntities(raw).trim();
    const hash = lookup(name);
    if (!hash) {
      sounds++;
      return '';
    }
    used.push(hash);
    return `<audio controls preload="metadata" data-media="${escapeHtml(hash)}" aria-label="Sound: ${escapeHtml(name)}"></audio>`;
  });
  out = out.replace(IMG_TAG, (tag) => {
    const raw = attr(tag, 'src');
    if (raw === null) return '';
    const src = decodeEntities(raw).trim();
    if (/^https?:\/\//i.test(src)) return tag;
    if (/^[a-z][a-z0-9+.-]*:/i.test(src)) {
      blocked++;
      return '';
    }
    const name = src.replace(/^\.\//, '');
    const hash = lookup(name) ?? lookup(safeDecodeUri(name));
    const alt = attr(tag, 'alt');
    if (!hash) {
      if (name && !missing.includes(name)) missing.push(name);
      return name ? `[image: ${escapeHtml(name)}]` : '';
    }
    used.push(hash);
    // The size Anki's editor gave the image, and its style (filtered by the sanitizer's CSS allowlist).
    const size = ['width', 'height']
      .map((a) => [a, attr(tag, a)?.trim()] as const)
      .filter(([, v]) => v && /^\d{1,4}(\.\d+)?%?$/.test(v))
      .map(([a, v]) => ` ${a}="${v}"`)
      .join('');
    const style = attr(tag, 'style');
    return `<img data-media="${escapeHtml(hash)}" alt="${escapeHtml(alt !== null ? decodeEntities(alt) : name)}"${size}${style ? ` style="${escapeHtml(decodeEntities(style))}"` : ''}>`;
  });
  return { html: out, missing, used, sounds, blocked };
}
