import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').trim().split(/\s+/)[0].toLowerCase().replace(/[^a-z0-9+#-]/g, '');
      if (language === 'output') {
        return `<figure class="code-output"><figcaption>Output</figcaption><pre><code>${escapeHtml(text)}</code></pre></figure>`;
      }
      const cls = language ? ` class="language-${language}"` : '';
      const label = language ? ` data-lang="${language}"` : '';
      return `<pre class="code"${label}><code${cls}>${escapeHtml(text)}</code></pre>`;
    }
  }
});

let hooked = false;
function purifier() {
  if (!hooked) {
    // Links open outside the app and cannot reach back into it.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/** Card Markdown to HTML that is safe to put in the DOM: scripts, handlers, styles and javascript: URLs are removed. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return purifier().sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['data-lang', 'target']
  });
}
