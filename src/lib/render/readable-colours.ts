/**
 * Author colours (inline styles and note-type CSS of imported cards) are shown as written, except
 * where they would be hard to read on the card: text whose contrast with the background behind it
 * is below WCAG AA (4.5:1, 3:1 for large text) is shown in the theme's text colour instead, and in
 * the dark theme a light author background, on which the theme's light text could not be read, is
 * dropped first. A deck made for Anki's white card stays readable in dark mode, and the colours
 * that do read well (most colour-coded words) are kept. Nothing is stored: this runs on the shown
 * card, again when the theme changes.
 */

type Rgba = [number, number, number, number];

const AA = 4.5;
const AA_LARGE = 3;
/** Elements this module changed; their inline values before, restored before a new pass. */
const MARK = 'data-readable';
const saved = new WeakMap<HTMLElement, [prop: string, value: string, priority: string][]>();

function parseColour(value: string): Rgba | null {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value.trim());
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
  return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `top` painted over the opaque `under`. */
function over(top: Rgba, under: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
}

function isLarge(style: CSSStyleDeclaration): boolean {
  const size = Number.parseFloat(style.fontSize);
  return size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
}

function hasOwnText(el: Element): boolean {
  for (const node of Array.from(el.childNodes)) if (node.nodeType === 3 && node.textContent?.trim()) return true;
  return false;
}

/** The opaque background behind `root`: the first ancestor with one, composited (the page's background at the end). */
function backgroundBehind(root: Element): Rgba {
  const layers: Rgba[] = [];
  for (let el: Element | null = root.parentElement; el; el = el.parentElement) {
    const bg = parseColour(getComputedStyle(el).backgroundColor);
    if (bg && bg[3] > 0) {
      layers.push(bg);
      if (bg[3] >= 1) break;
    }
  }
  let colour: Rgba = [255, 255, 255, 1];
  for (const layer of layers.reverse()) colour = over(layer, colour);
  return colour;
}

/** Undoes the previous pass over `root`. */
export function resetReadableColours(root: Element): void {
  root.querySelectorAll<HTMLElement>(`[${MARK}]`).forEach((el) => {
    for (const [prop, value, priority] of saved.get(el) ?? []) {
      if (value) el.style.setProperty(prop, value, priority);
      else el.style.removeProperty(prop);
    }
    saved.delete(el);
    el.removeAttribute(MARK);
  });
}

function override(el: HTMLElement, prop: string, value: string): void {
  const before = saved.get(el) ?? [];
  before.push([prop, el.style.getPropertyValue(prop), el.style.getPropertyPriority(prop)]);
  saved.set(el, before);
  el.style.setProperty(prop, value, 'important');
  el.setAttribute(MARK, '');
}

/**
 * One pass over the card content under `root` (its elements top-down): see the module comment.
 * `dark` is the app's theme; `text` is the theme's text colour (computed on `root`).
 */
export function makeColoursReadable(root: HTMLElement, dark: boolean): void {
  resetReadableColours(root);
  const text = parseColour(getComputedStyle(root).color);
  if (!text) return;
  const base = backgroundBehind(root);
  const walk = (el: HTMLElement, behind: Rgba) => {
    const style = getComputedStyle(el);
    let bg = behind;
    const own = parseColour(style.backgroundColor);
    if (own && own[3] > 0) {
      const painted = over(own, behind);
      if (dark && contrast(text, painted) < AA) override(el, 'background-color', 'transparent');
      else bg = painted;
    }
    if (hasOwnText(el)) {
      const fg = parseColour(getComputedStyle(el).color);
      if (fg && contrast(over(fg, bg), bg) < (isLarge(style) ? AA_LARGE : AA)) override(el, 'color', 'var(--text)');
    }
    for (const child of Array.from(el.children)) if (child instanceof HTMLElement) walk(child, bg);
  };
  for (const child of Array.from(root.children)) if (child instanceof HTMLElement) walk(child, base);
}
