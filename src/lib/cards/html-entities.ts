/** The entities card HTML uses for plain characters, decoded (`&amp;` last, so `&amp;lt;` stays `&lt;`). No imports: the study screen's first paint uses it. */
export function decodeHtmlEntities(text: string): string {
  return text
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/gi, "'")
    .replace(/&amp;/gi, '&');
}
