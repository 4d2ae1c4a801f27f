/** RFC 4180 CSV writing, as Anki's importer (Rust `csv` crate) reads it. */

export type Separator = 'comma' | 'tab';

export const SEPARATOR_CHAR: Record<Separator, string> = { comma: ',', tab: '\t' };

/**
 * One field: quoted (with quotes doubled) when it holds the separator, a quote, a line break or
 * surrounding spaces, or when it starts with `#` (Anki treats a line starting with `#` as a comment).
 */
export function csvField(value: string, separator: Separator = 'comma'): string {
  const sep = SEPARATOR_CHAR[separator];
  const needsQuotes = value.includes(sep) || /["\r\n]/.test(value) || value.startsWith('#') || value !== value.trim();
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: string[], separator: Separator = 'comma'): string {
  return fields.map((f) => csvField(f, separator)).join(SEPARATOR_CHAR[separator]);
}
