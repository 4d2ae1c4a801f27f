import { cardMarkdown } from '../cards/markdown-html';

/**
 * Card Markdown to HTML without a DOM (marked only), for files that leave the app (Anki CSV).
 * Code blocks become `<pre><code class="language-x">` so they keep their line breaks in Anki;
 * `output` blocks are captioned as in the app. Not sanitized here: see `sanitizeHtml`.
 */
const marked = cardMarkdown({ appMarkup: false });

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false }).trim();
}
