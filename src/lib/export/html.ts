import { Marked, type Tokens } from 'marked';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Card Markdown to HTML without a DOM (marked only), for files that leave the app (Anki CSV).
 * Code blocks become `<pre><code class="language-x">` so they keep their line breaks in Anki;
 * `output` blocks are captioned as in the app. Not sanitized here: see `sanitizeHtml`.
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').trim().split(/\s+/)[0].toLowerCase().replace(/[^a-z0-9+#-]/g, '');
      if (language === 'output') {
        return `<figure class="code-output"><figcaption>Output</figcaption><pre><code>${escapeHtml(text)}</code></pre></figure>\n`;
      }
      const cls = language ? ` class="language-${language}"` : '';
      return `<pre><code${cls}>${escapeHtml(text)}</code></pre>\n`;
    }
  }
});

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false }).trim();
}
