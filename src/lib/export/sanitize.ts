import DOMPurify from 'dompurify';

export type Sanitizer = (html: string) => string;

/**
 * Removes scripts, event handlers and javascript: URLs from exported HTML: card text may come
 * from an untrusted imported deck, and Anki runs scripts found in fields. Needs a DOM: in the
 * browser this is DOMPurify; where there is none (unit tests in Node) it returns the HTML as is.
 */
export function defaultSanitizer(): Sanitizer {
  if (!DOMPurify.isSupported) return (html) => html;
  return (html) =>
    DOMPurify.sanitize(html, {
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
      ALLOW_DATA_ATTR: false
    });
}
