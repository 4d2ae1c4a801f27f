import { textOfHtml } from '../../cards/card-html';
import type { TypeInAnswer } from '../types';

const TYPE_FIELD = /\{\{\s*type:(cloze:)?([^}]+?)\s*\}\}/;
/** A cloze deletion without nesting: {{c2::answer}} or {{c2::answer::hint}}. */
const CLOZE = /\{\{c(\d+)::([\s\S]*?)(?:::[^{}]*?)?\}\}/g;

/**
 * Anki's "type in the answer" ({{type:Field}} or {{type:cloze:Text}} in the question template):
 * what the learner is to type, as plain text, so the study screen can compare it. Null when
 * the card is not a type-in card or the field is empty.
 */
export function typeInAnswer(qfmt: string, fields: Record<string, string>, ord: number): TypeInAnswer | null {
  const m = TYPE_FIELD.exec(qfmt);
  if (!m) return null;
  const field = m[2].trim();
  const value = fields[field];
  if (value === undefined) return null;
  const cloze = !!m[1];
  const expected = cloze
    ? [...value.matchAll(CLOZE)]
        .filter((c) => Number(c[1]) === ord + 1)
        .map((c) => textOfHtml(c[2]))
        .join(', ')
    : textOfHtml(value);
  return expected ? { field, expected, cloze } : null;
}
