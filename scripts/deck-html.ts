// Node-only: the app's card renderer (src/lib/render/markdown.ts: same marked options, same
// DOMPurify rules and hook) over a jsdom window, so built-in cards are rendered at build time
// exactly as the browser would render them.
import { JSDOM } from 'jsdom';
import type { WindowLike } from 'dompurify';
import type { RenderMarkdown } from '../src/lib/cards/stored-html';
import { createCardRenderer } from '../src/lib/render/markdown';

export function buildTimeRenderer(): RenderMarkdown {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const renderer = createCardRenderer(window as unknown as WindowLike);
  return (markdown) => renderer.renderMarkdown(markdown);
}
