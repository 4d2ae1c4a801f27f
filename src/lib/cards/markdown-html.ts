import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './card-html';

/**
 * Card Markdown to HTML without a DOM (not sanitized: callers do that). Code blocks keep their
 * language class; `output` blocks are captioned "Output". With `appMarkup` code blocks also get
 * the app's `code` class and a `data-lang` label; without it they are plain `<pre><code>`
 * (for files that leave the app, such as Anki CSV).
 */
export function cardMarkdown(options: { appMarkup: boolean }): Marked {
  const end = options.appMarkup ? '' : '\n';
  return new Marked({
    gfm: true,
    breaks: false,
    renderer: {
      code({ text, lang }: Tokens.Code) {
        const language = (lang ?? '').trim().split(/\s+/)[0].toLowerCase().replace(/[^a-z0-9+#-]/g, '');
        if (language === 'output') {
          return `<figure class="code-output"><figcaption>Output</figcaption><pre><code>${escapeHtml(text)}</code></pre></figure>${end}`;
        }
        const cls = language ? ` class="language-${language}"` : '';
        if (!options.appMarkup) return `<pre><code${cls}>${escapeHtml(text)}</code></pre>${end}`;
        const label = language ? ` data-lang="${language}"` : '';
        return `<pre class="code"${label}><code${cls}>${escapeHtml(text)}</code></pre>`;
      }
    }
  });
}
