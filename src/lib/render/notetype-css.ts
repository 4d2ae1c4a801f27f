import { safeStyle } from './safe-style';

/**
 * An Anki note type's CSS (the model's `css`), made safe to show beside the app: parsed by the
 * browser itself (no second parser to disagree with it), every rule nested under its note type's
 * wrapper (`[data-notetype="…"]`, so the browser scopes each selector: nothing outside the card can
 * match), class names renamed as the card HTML's are (`ac-`, so no app class is borrowed), each
 * rule's declarations passed through the inline-style allowlist (safe-style.ts: no url(), no
 * positioning), and only style and @media rules kept (no @import, @font-face, @keyframes).
 * Anki's night-mode rules (`.nightMode …`, `.night_mode …`) apply in the app's dark theme only.
 */

/** Author classes in card HTML are renamed with this prefix by the sanitizer (markdown.ts). */
export const AUTHOR_CLASS_PREFIX = 'ac-';
/** A note type key as written on the card wrapper: Anki's note type id, or a short word. */
export const NOTETYPE_KEY = /^[0-9a-z_-]{1,40}$/i;
/** At most this much CSS per note type is read. */
export const NOTETYPE_CSS_LIMIT = 64 * 1024;

const NIGHT = /\.night(?:Mode|_mode)(?![\w-])/;
const NIGHT_ALL = new RegExp(NIGHT.source, 'g');
const DARK_THEME = ':root[data-theme="dark"]';
const DARK_SYSTEM = ':root:not([data-theme="light"])';
const PLAIN_MEDIA = /^[\w\s():,.-]*$/;

/** The parts of the CSSOM this module reads (a browser's, or jsdom's in the unit tests). */
interface RuleLike {
  readonly cssText: string;
  readonly selectorText?: string;
  readonly style?: { readonly cssText: string };
  readonly conditionText?: string;
  readonly media?: { readonly mediaText: string };
  readonly cssRules?: ArrayLike<RuleLike>;
}

/** Splits a selector list at its top-level commas (not inside (), [] or quotes). */
export function splitSelectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter(Boolean);
}

/** Renames `.name` to `.ac-name` outside attribute selectors and strings (the card HTML's classes are renamed the same way). */
function renameClasses(selector: string): string {
  let out = '';
  let depth = 0;
  let quote = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '.' && depth === 0 && /[-_a-zA-Z\u00a0-\uffff]/.test(selector[i + 1] ?? '') && !selector.startsWith(AUTHOR_CLASS_PREFIX, i + 1)) {
      out += '.' + AUTHOR_CLASS_PREFIX;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * One author selector as a selector nested in the scope (`& …`), and whether it is a night-mode
 * rule. `html`, `body` and `:root` stand for the card itself (Anki puts `.card` on <body>).
 * Null for what cannot be scoped safely (escapes, `&`).
 */
export function scopeSelector(selector: string): { selector: string; night: boolean } | null {
  if (/[\\&]/.test(selector)) return null;
  let s = selector;
  const night = NIGHT.test(s);
  s = s.replace(NIGHT_ALL, ' ').trim();
  // Leading document-level compounds: the card's own wrapper.
  let m: RegExpExecArray | null;
  while ((m = /^(?:html|body|:root)(?=$|[\s>~+.:[])\s*>?\s*/i.exec(s))) s = s.slice(m[0].length).trim() || '.card';
  s = s.replace(/^[>~+]\s*/, '');
  if (!s) s = '.card';
  return { selector: `& ${renameClasses(s)}`, night };
}

/** The declarations of a rule through the inline-style allowlist; `!important` is ignored (never beats the app). */
function safeDeclarations(cssText: string): string {
  return safeStyle(cssText.replace(/\s*!\s*important/gi, ''));
}

/** The nested rules of one author rule list: normal and night-mode ones apart. */
function scopeRules(rules: ArrayLike<RuleLike>, out: { normal: string[]; night: string[] }, depth = 0): void {
  for (const rule of Array.from(rules)) {
    if (rule.selectorText !== undefined && rule.style) {
      const body = safeDeclarations(rule.style.cssText);
      if (!body) continue;
      const normal: string[] = [];
      const night: string[] = [];
      for (const one of splitSelectors(rule.selectorText)) {
        const scoped = scopeSelector(one);
        const list = scoped?.night ? night : normal;
        if (scoped && !list.includes(scoped.selector)) list.push(scoped.selector);
      }
      if (normal.length) out.normal.push(`${normal.join(', ')} { ${body}; }`);
      if (night.length) out.night.push(`${night.join(', ')} { ${body}; }`);
    } else if (rule.cssRules && depth === 0) {
      // @media only (once): its condition in plain words, its rules scoped like the others.
      const condition = rule.conditionText ?? rule.media?.mediaText;
      if (condition === undefined || !/^@media\b/i.test(rule.cssText) || !PLAIN_MEDIA.test(condition)) continue;
      const inner = { normal: [] as string[], night: [] as string[] };
      scopeRules(rule.cssRules, inner, depth + 1);
      if (inner.normal.length) out.normal.push(`@media ${condition} { ${inner.normal.join(' ')} }`);
      if (inner.night.length) out.night.push(`@media ${condition} { ${inner.night.join(' ')} }`);
    }
  }
}

/** The wrapper's selector for a note type key. */
export const scopeOf = (key: string) => `[data-notetype="${key}"]`;

/**
 * The scoped style sheet text of a note type from its parsed author rules; '' when nothing
 * survives. The caller parses it again (scopedSheet) and keeps only rules whose selector is the scope.
 */
export function scopedCssText(key: string, rules: ArrayLike<RuleLike>): string {
  if (!NOTETYPE_KEY.test(key)) return '';
  const out = { normal: [] as string[], night: [] as string[] };
  scopeRules(rules, out);
  const scope = scopeOf(key);
  const parts: string[] = [];
  if (out.normal.length) parts.push(`${scope} { ${out.normal.join(' ')} }`);
  if (out.night.length) {
    const nested = `${scope} { ${out.night.join(' ')} }`;
    parts.push(`${DARK_THEME} ${nested}`, `@media (prefers-color-scheme: dark) { ${DARK_SYSTEM} ${nested} }`);
  }
  return parts.join('\n');
}

/** Top-level rules a scoped sheet may hold: the scope, or the scope inside a dark-theme selector or media query. */
export function isScopedRule(rule: RuleLike, key: string): boolean {
  const scope = scopeOf(key);
  if (rule.selectorText !== undefined) return rule.selectorText === scope || rule.selectorText === `${DARK_THEME} ${scope}`;
  if (rule.cssRules && rule.conditionText === '(prefers-color-scheme: dark)') {
    return Array.from(rule.cssRules).every((r) => r.selectorText === `${DARK_SYSTEM} ${scope}`);
  }
  return false;
}

/**
 * A constructed style sheet for a note type, in the browser: the author CSS parsed by the
 * browser, scoped, parsed again and checked rule by rule. Null when nothing is left.
 */
export function scopedSheet(key: string, css: string): CSSStyleSheet | null {
  if (!NOTETYPE_KEY.test(key) || !css || css.length > NOTETYPE_CSS_LIMIT) return null;
  const author = new CSSStyleSheet();
  author.replaceSync(css); // @import rules are ignored by replaceSync
  const text = scopedCssText(key, author.cssRules as unknown as ArrayLike<RuleLike>);
  if (!text) return null;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  for (let i = sheet.cssRules.length - 1; i >= 0; i--) if (!isScopedRule(sheet.cssRules[i] as unknown as RuleLike, key)) sheet.deleteRule(i);
  return sheet.cssRules.length ? sheet : null;
}
