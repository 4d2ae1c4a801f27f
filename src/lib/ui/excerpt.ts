/** A one-line plain-text excerpt of card Markdown for lists (no HTML is produced). */
export function excerpt(markdown: string, max = 140): string {
  const text = markdown
    .replace(/```[\s\S]*?(```|$)/g, ' [code] ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[*_`#>|]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
