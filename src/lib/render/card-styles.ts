import { scopedSheet } from './notetype-css';
import { makeColoursReadable } from './readable-colours';

/**
 * On the page: an imported card's note-type CSS adopted as scoped constructed style sheets (no
 * <style> element, which the CSP refuses), and its author colours kept readable in the current
 * theme, again whenever the theme changes. Loaded only for a card with styles.
 */

const sheets = new Map<string, { css: string; sheet: CSSStyleSheet | null }>();

function adopt(key: string, css: string): void {
  const known = sheets.get(key);
  if (known?.css === css) return;
  let sheet: CSSStyleSheet | null = null;
  try {
    sheet = scopedSheet(key, css);
  } catch (error) {
    console.warn(`note type ${key}: CSS not applied`, error);
  }
  const others = document.adoptedStyleSheets.filter((s) => s !== known?.sheet);
  document.adoptedStyleSheets = sheet ? [...others, sheet] : others;
  sheets.set(key, { css, sheet });
}

export function isDarkTheme(): boolean {
  const theme = document.documentElement.dataset.theme;
  return theme === 'dark' || (theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
}

/** Styles the card content under `root`; returns a cleanup that stops following the theme. */
export function styleCard(root: HTMLElement, noteTypeCss: Record<string, string> | undefined): () => void {
  for (const el of root.querySelectorAll('[data-notetype]')) {
    const key = el.getAttribute('data-notetype')!;
    const css = noteTypeCss?.[key];
    if (css) adopt(key, css);
  }
  const pass = () => makeColoursReadable(root, isDarkTheme());
  pass();
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', pass);
  const themeAttr = new MutationObserver(pass);
  themeAttr.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    media.removeEventListener('change', pass);
    themeAttr.disconnect();
  };
}
