/** Anki cloze deletions: {{c1::answer}}, {{c2::answer::hint}}, nested clozes included. */

type Node = string | { n: number; children: Node[]; hint: string | null };

const TOKEN = /\{\{c(\d+)::|\}\}/g;

function parse(text: string): Node[] {
  const root: Node[] = [];
  const stack: { n: number; children: Node[]; start: number }[] = [];
  let last = 0;
  const push = (node: Node) => (stack.length ? stack[stack.length - 1].children : root).push(node);
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index!;
    if (m[1] !== undefined) {
      if (at > last) push(text.slice(last, at));
      stack.push({ n: Number(m[1]), children: [], start: at });
      last = at + m[0].length;
    } else if (stack.length) {
      if (at > last) push(text.slice(last, at));
      const open = stack.pop()!;
      push(withHint(open.n, open.children));
      last = at + 2;
    }
  }
  if (last < text.length) push(text.slice(last));
  // Unclosed clozes: keep their text as written.
  while (stack.length) {
    const open = stack.pop()!;
    const flat = [`{{c${open.n}::`, ...open.children];
    (stack.length ? stack[stack.length - 1].children : root).push(...flat);
  }
  return root;
}

/** Splits "answer::hint" in the cloze's own text (not inside nested clozes). */
function withHint(n: number, children: Node[]): Node {
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i];
    if (typeof child !== 'string') continue;
    const at = child.indexOf('::');
    if (at >= 0) {
      const rest = [child.slice(at + 2), ...children.slice(i + 1)].map((c) => (typeof c === 'string' ? c : render([c], 0, 'a'))).join('');
      return { n, children: [...children.slice(0, i), child.slice(0, at)], hint: rest };
    }
  }
  return { n, children, hint: null };
}

function render(nodes: Node[], active: number, side: 'q' | 'a'): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return node;
      if (node.n !== active) return render(node.children, active, side);
      if (side === 'q') return `<mark>[${node.hint ? node.hint : '…'}]</mark>`;
      return `<mark>${render(node.children, active, side)}</mark>`;
    })
    .join('');
}

/** Cloze numbers used in the text, ascending. */
export function clozeNumbers(text: string): number[] {
  const found = new Set<number>();
  const walk = (nodes: Node[]) =>
    nodes.forEach((node) => {
      if (typeof node === 'string') return;
      if (node.n > 0) found.add(node.n);
      walk(node.children);
    });
  walk(parse(text));
  return [...found].sort((a, b) => a - b);
}

/** The text for cloze card `n`: that cloze hidden (question) or highlighted (answer), the others shown. */
export function renderCloze(text: string, n: number, side: 'q' | 'a'): string {
  return render(parse(text), n, side);
}
