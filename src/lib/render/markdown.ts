import DOMPurify, { type DOMPurify as Purifier, type WindowLike } from 'dompurify';
import { HTML_CARD_PREFIX, htmlBody, isHtmlCard } from '../cards/card-html';
import { cardMarkdown } from '../cards/markdown-html';
import { AUTHOR_CLASS_PREFIX, NOTETYPE_KEY } from './notetype-css';
import { safeStyle } from './safe-style';

const marked = cardMarkdown({ appMarkup: true });

/** Markdown cards: classes the card styles and the highlighter use, any other is dropped. Imported HTML keeps its author classes renamed `ac-…`. Either way no card borrows an app style. */
const ALLOWED_CLASS = /^(code|code-output|language-[a-z0-9+#-]+)$/;
/** An author's class name in imported HTML: kept renamed (`ac-…`) for the note type's scoped CSS (notetype-css.ts). */
const AUTHOR_CLASS = /^-?[_a-zA-Z][\w-]{0,60}$/;
const URL_ATTRS = ['src', 'href', 'xlink:href', 'action', 'formaction', 'poster', 'background', 'cite'];

/**
 * A DOMPurify instance with the card rules. The page uses its own window; the deck compiler
 * passes a jsdom window (scripts/deck-html.ts), so built-in cards are sanitized by this same code.
 */
function cardPurifier(window?: WindowLike): { purify: Purifier; asHtmlCard: <T>(run: () => T) => T } {
  const purify = window ? DOMPurify(window) : DOMPurify;
  // True while imported HTML is sanitized: its classes are the author's, kept renamed.
  let htmlCard = false;
  // Inline styles (kept in imported HTML only, see HTML_CARD_CONFIG) pass the CSS allowlist.
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName !== 'style') return;
    data.attrValue = safeStyle(data.attrValue);
    if (!data.attrValue) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    // No inline data (data:), script or local-file URLs anywhere; images only over http(s)
    // (imported images are data-media references, shown as object URLs by CardContent).
    for (const name of URL_ATTRS) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      // eslint-disable-next-line no-control-regex -- browsers ignore control characters inside a URL scheme
      const compact = value.replace(/[\u0000-\u0020\u007f-\u00a0]/g, '').toLowerCase();
      if (/^(data|javascript|vbscript|blob|file|filesystem):/.test(compact) || (node.tagName === 'IMG' && name === 'src' && !/^https?:/.test(compact))) {
        node.removeAttribute(name);
      }
    }
    if (node.tagName === 'IMG') {
      // An image with nothing left to show goes; one without a text alternative is named by its file (as imported media are).
      const src = node.getAttribute('src');
      if (!src && !node.hasAttribute('data-media')) {
        node.remove();
        return;
      }
      if (!node.hasAttribute('alt')) node.setAttribute('alt', imageName(src));
    }
    const cls = node.getAttribute('class');
    if (cls !== null) {
      const tokens = cls.split(/\s+/).filter(Boolean);
      const kept = htmlCard
        ? tokens.filter((c) => AUTHOR_CLASS.test(c)).map((c) => (c.startsWith(AUTHOR_CLASS_PREFIX) ? c : AUTHOR_CLASS_PREFIX + c))
        : tokens.filter((c) => ALLOWED_CLASS.test(c));
      if (kept.length) node.setAttribute('class', kept.join(' '));
      else node.removeAttribute('class');
    }
    // The wrapper naming an Anki card's note type (its scoped CSS), with a plain key only.
    const notetype = node.getAttribute('data-notetype');
    if (notetype !== null && (!htmlCard || !NOTETYPE_KEY.test(notetype))) node.removeAttribute('data-notetype');
    // Sounds: a control the learner starts, whose source is only ever the stored file (data-media,
    // an object URL set by media-view.ts when shown): no src, no autoplay, no loop.
    if (node.tagName === 'AUDIO') {
      for (const attr of [...node.attributes]) if (!AUDIO_ATTRS.includes(attr.name)) node.removeAttribute(attr.name);
      node.setAttribute('controls', '');
      node.setAttribute('preload', 'metadata');
    }
    // Links open outside the app and cannot reach back into it.
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  const asHtmlCard = <T>(run: () => T): T => {
    htmlCard = true;
    try {
      return run();
    } finally {
      htmlCard = false;
    }
  };
  return { purify, asHtmlCard };
}

/** The last part of an image URL's path, decoded, for an alt text; "image" when it has none. */
function imageName(src: string | null): string {
  const last = (src ?? '').split(/[?#]/)[0].split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || 'image';
  } catch {
    return last || 'image';
  }
}

/** Never allowed in a card: active content, forms, embedded documents, media that fetches or plays on its own, text that moves by itself. */
const FORBID_TAGS = [
  'style',
  'marquee',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'dialog',
  'template',
  'slot'
];
const AUDIO_ATTRS = ['controls', 'preload', 'data-media', 'aria-label'];

/** Inline CSS, ids (DOM clobbering), responsive sources and image maps are dropped. */
const FORBID_ATTR = [
  'style',
  'id',
  'name',
  'srcset',
  'sizes',
  'usemap',
  'ismap',
  'background',
  'autofocus',
  'tabindex',
  'accesskey',
  'contenteditable',
  'popover',
  'slot',
  'is'
];

const BASE_CONFIG = {
  // HTML only: no SVG or MathML (<svg><script>, <use href>, foreignObject).
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false
};

/**
 * Imported HTML (Anki fields, HTML in CSV) also keeps what an Anki card shows: inline styles
 * through the allowlist of safe-style.ts, and <audio> controls for the package's sounds.
 */
const HTML_CARD_CONFIG = {
  ...BASE_CONFIG,
  FORBID_TAGS: FORBID_TAGS.filter((t) => t !== 'audio'),
  FORBID_ATTR: FORBID_ATTR.filter((a) => a !== 'style'),
  ADD_ATTR: ['data-media', 'data-notetype', 'target']
};

export interface CardRenderer {
  /** Card Markdown to HTML that is safe to put in the DOM: scripts, handlers, styles and javascript: URLs are removed (HTML cards keep safe styles). */
  renderMarkdown(markdown: string): string;
  /** Imported HTML (Anki fields, HTML in CSV) made safe; data-media marks an imported image or sound. */
  sanitizeCardHtml(html: string): string;
}

/** The card renderer over `window` (default: the page's). */
export function createCardRenderer(window?: WindowLike): CardRenderer {
  const { purify, asHtmlCard } = cardPurifier(window);
  const sanitizeCardHtml = (html: string) => asHtmlCard(() => purify.sanitize(html, HTML_CARD_CONFIG));
  return {
    renderMarkdown(markdown) {
      if (isHtmlCard(markdown)) return sanitizeCardHtml(htmlBody(markdown));
      const html = marked.parse(markdown, { async: false });
      return purify.sanitize(html, { ...BASE_CONFIG, ADD_ATTR: ['data-lang', 'target'] });
    },
    sanitizeCardHtml
  };
}

// Created on first use, so importing this module touches no DOM.
let pageRenderer: CardRenderer | null = null;
const onPage = () => (pageRenderer ??= createCardRenderer());

export const renderMarkdown = (markdown: string): string => onPage().renderMarkdown(markdown);
export const sanitizeCardHtml = (html: string): string => onPage().sanitizeCardHtml(html);

/** Card text as it is stored for an import: HTML cards sanitized, Markdown kept as written (it is sanitized when shown). */
export function sanitizeCardText(text: string): string {
  if (!isHtmlCard(text)) return text;
  const body = htmlBody(text);
  // Only attribute-less tags from a short safe list (escaped plain text, <b>, <br>, lists...):
  // nothing for the sanitizer to remove, and 50,000 cards are not parsed twice.
  if (!UNSAFE_MARKUP.test(body)) return text;
  return HTML_CARD_PREFIX + sanitizeCardHtml(body);
}

/** Any "<" that does not open or close an attribute-less tag from this list needs the sanitizer. */
const UNSAFE_MARKUP =
  /<(?!\/?(?:b|i|u|s|em|strong|br|div|p|ul|ol|li|span|sub|sup|mark|hr|code|pre|small|h[1-6]|blockquote|table|thead|tbody|tr|td|th)\s*\/?>)/i;
