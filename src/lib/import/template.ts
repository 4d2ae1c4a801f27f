import { renderCloze } from './cloze';
import { hasVisibleContent, textOfHtml } from '../cards/card-html';

/** Anki card templates ({{Field}}, {{#Field}}…{{/Field}}, {{^Field}}, filters) rendered to HTML. */

export interface TemplateContext {
  fields: Record<string, string>;
  /** Card ordinal (template index, or cloze number - 1). */
  ord: number;
  side: 'q' | 'a';
  tags: string[];
  deck: string;
  notetype: string;
  card: string;
  frontSide?: string;
}

type Node = { text: string } | { field: string } | { section: string; inverted: boolean; children: Node[] };

const TAG = /\{\{([^{}]*)\}\}/g;

function parse(template: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [];
  const target = () => (stack.length ? stack[stack.length - 1].children : root);
  let last = 0;
  for (const m of template.matchAll(TAG)) {
    if (m.index! > last) target().push({ text: template.slice(last, m.index) });
    last = m.index! + m[0].length;
    const inner = m[1].trim();
    if (inner.startsWith('#') || inner.startsWith('^')) {
      const node = { section: inner.slice(1).trim(), inverted: inner.startsWith('^'), children: [] as Node[] };
      target().push(node);
      stack.push({ name: node.section, children: node.children });
    } else if (inner.startsWith('/')) {
      // Close the matching section (and any left open inside it).
      const name = inner.slice(1).trim();
      const at = stack.map((s) => s.name).lastIndexOf(name);
      if (at >= 0) stack.length = at;
    } else if (inner.startsWith('!') || inner.startsWith('=')) {
      // comment / delimiter change: ignored
    } else {
      target().push({ field: inner });
    }
  }
  if (last < template.length) target().push({ text: template.slice(last) });
  return root;
}

function fieldValue(name: string, ctx: TemplateContext): string | undefined {
  if (name in ctx.fields) return ctx.fields[name];
  switch (name) {
    case 'FrontSide':
      return ctx.frontSide ?? '';
    case 'Tags':
      return ctx.tags.join(' ');
    case 'Deck':
      return ctx.deck;
    case 'Subdeck':
      return ctx.deck.split('::').pop() ?? '';
    case 'Type':
      return ctx.notetype;
    case 'Card':
      return ctx.card;
    case 'CardFlag':
      return '';
  }
  return undefined;
}

function nonEmpty(value: string | undefined): boolean {
  return !!value && hasVisibleContent(value);
}

function furigana(html: string, mode: 'ruby' | 'kanji' | 'kana'): string {
  return html.replace(/ ?([^ >]+?)\[(.+?)\]/g, (_, base: string, reading: string) => {
    if (mode === 'kanji') return base;
    if (mode === 'kana') return reading;
    return `<ruby><rb>${base}</rb><rt>${reading}</rt></ruby>`;
  });
}

function applyFilters(name: string, filters: string[], value: string, ctx: TemplateContext): string {
  let out = value;
  // Filters apply from the one nearest the field outwards: {{text:cloze:Text}} = text(cloze(Text)).
  for (const raw of [...filters].reverse()) {
    const filter = raw.trim().split(/\s+/)[0];
    switch (filter) {
      case 'cloze':
        out = renderCloze(out, ctx.ord + 1, ctx.side);
        break;
      case 'cloze-only':
        out = renderCloze(out, ctx.ord + 1, ctx.side);
        break;
      case 'text':
        out = textOfHtml(out);
        break;
      case 'type':
        // Type-in answers: nothing to type on the question; the answer shows the field.
        out = ctx.side === 'q' || filters.includes('cloze') ? '' : out;
        return out;
      case 'hint':
        out = nonEmpty(out) ? `<details><summary>${name}</summary>${out}</details>` : '';
        break;
      case 'furigana':
        out = furigana(out, 'ruby');
        break;
      case 'kanji':
        out = furigana(out, 'kanji');
        break;
      case 'kana':
        out = furigana(out, 'kana');
        break;
      default:
        // tts and unknown filters: show the field as is.
        break;
    }
  }
  return out;
}

function evaluate(nodes: Node[], ctx: TemplateContext): string {
  let out = '';
  for (const node of nodes) {
    if ('text' in node) out += node.text;
    else if ('field' in node) {
      const parts = node.field.split(':');
      const name = parts.pop()!.trim();
      out += applyFilters(name, parts, fieldValue(name, ctx) ?? '', ctx);
    } else {
      const shown = nonEmpty(fieldValue(node.section, ctx));
      if (shown !== node.inverted) out += evaluate(node.children, ctx);
    }
  }
  return out;
}

export function renderTemplate(template: string, ctx: TemplateContext): string {
  return evaluate(parse(template), ctx).trim();
}

/**
 * The answer template without the question part: the study screen already shows the question
 * above the answer. By Anki's convention that part ends with <hr id=answer>; without that
 * marker, a leading {{FrontSide}} is dropped.
 */
export function answerOnly(afmt: string): string {
  const marker = /<hr\b[^>]*\bid\s*=\s*["']?answer\b["']?[^>]*>/i.exec(afmt);
  if (marker) return afmt.slice(marker.index + marker[0].length);
  const m = /^\s*\{\{\s*FrontSide\s*\}\}/i.exec(afmt);
  return m ? afmt.slice(m[0].length) : afmt;
}
