import { Marked, type Tokens } from 'marked';
import { dialectLabel } from '../decks/sql-dialects';
import { escapeHtml } from './card-html';

/**
 * Card Markdown to HTML without a DOM (not sanitized: callers do that). Code blocks keep their
 * language class; `output` blocks are captioned "Output". With `appMarkup` code blocks also get
 * the app's `code` class and a `data-lang` label (for SQL with the dialects the block names,
 * "sql · SQLite, PostgreSQL"); without it they are plain `<pre><code>` (for files that leave
 * the app, such as Anki CSV).
 */
export function cardMarkdown(options: { appMarkup: boolean }): Marked {
  const end = options.appMarkup ? '' : '\n';
  return new Marked({
    gfm: true,
    breaks: false,
    renderer: {
      code({ text, lang }: Tokens.Code) {
        const [first = '', ...flags] = (lang ?? '').trim().split(/\s+/);
        const language = first.toLowerCase().replace(/[^a-z0-9+#-]/g, '');
        if (language === 'output') {
          return `<figure class="code-output"><figcaption>Output</figcaption><pre><code>${escapeHtml(text)}</code></pre></figure>${end}`;
        }
        const cls = language ? ` class="language-${language}"` : '';
        if (!options.appMarkup) return `<pre><code${cls}>${escapeHtml(text)}</code></pre>${end}`;
        const dialects = language === 'sql' ? dialectLabel(flags) : '';
        const label = language ? ` data-lang="${escapeHtml(dialects ? `${language} · ${dialects}` : language)}"` : '';
        return `<pre class="code"${label}><code${cls}>${escapeHtml(text)}</code></pre>`;
      }
    }
  });
}
