import { NOTETYPE_CSS_LIMIT } from '../../render/notetype-css';
import { sizeText } from '../limits';
import type { ImportProblem } from '../types';
import type { Notetype } from './collection';

/** True when the note type has CSS worth keeping (within the limit; the limit is reported once by noteTypeCss). */
const hasCss = (notetype: Notetype) => notetype.css.trim() !== '' && notetype.css.length <= NOTETYPE_CSS_LIMIT;

/**
 * A card side wrapped as Anki shows it: inside an element naming its note type (the scope of the
 * note type's CSS, render/notetype-css.ts) and a `.card.cardN` element, the body Anki's CSS styles.
 * Unwrapped when the note type has no CSS.
 */
export function wrapInNotetype(html: string, notetype: Notetype, ord: number): string {
  if (!hasCss(notetype)) return html;
  return `<div data-notetype="${notetype.id}"><div class="card card${ord + 1}">${html}</div></div>`;
}

/** The CSS of the note types the imported cards use, by key; a CSS over the limit is left out with a warning. */
export function noteTypeCss(used: Iterable<Notetype>, problems: ImportProblem[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const notetype of used) {
    if (hasCss(notetype)) out[String(notetype.id)] = notetype.css;
    else if (notetype.css.length > NOTETYPE_CSS_LIMIT)
      problems.push({
        where: 'note types',
        message: `the CSS of note type "${notetype.name}" is ${sizeText(notetype.css.length)}, more than the ${sizeText(NOTETYPE_CSS_LIMIT)} read; its cards are shown without it`,
        severity: 'warning'
      });
  }
  return Object.keys(out).length ? out : undefined;
}
