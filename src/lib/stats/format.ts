import { dateFormat } from '../date-format';
/** Plain-text preview of a card side written in Markdown (rendered as text, never as HTML). */
export function plainSnippet(markdown: string, max = 90): string {
  const text = markdown
    .replace(/```[^\n]*\n?/g, ' ') // code fence lines
    .replace(/<[^>]*>/g, ' ') // HTML tags
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images: keep the alt text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: keep the text
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '') // headings, quotes, list markers
    .replace(/[*_`~]+/g, '') // emphasis and code marks
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

export function percent(value: number | null, digits = 0): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** "45s", "12 min", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** "Mon 3 Mar" */
export function shortDate(date: number): string {
  return dateFormat({ weekday: 'short', day: 'numeric', month: 'short' }).format(date);
}

/** "3 Mar" */
export function dayMonth(date: number): string {
  return dateFormat({ day: 'numeric', month: 'short' }).format(date);
}

/** "Mar" */
export function monthName(date: number): string {
  return dateFormat({ month: 'short' }).format(date);
}

/** Local calendar date as YYYY-MM-DD. */
export function isoDate(date: number): string {
  const d = new Date(date);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
