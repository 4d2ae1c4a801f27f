// Lazy-loaded (dynamic import) so the highlighter is never on the first paint.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import python from 'highlight.js/lib/languages/python';
import perl from 'highlight.js/lib/languages/perl';
import sql from 'highlight.js/lib/languages/sql';
import json from 'highlight.js/lib/languages/json';
import javascript from 'highlight.js/lib/languages/javascript';
import yaml from 'highlight.js/lib/languages/yaml';
import ini from 'highlight.js/lib/languages/ini';

hljs.registerLanguage('bash', bash);
hljs.registerAliases(['sh', 'shell', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerLanguage('python', python);
hljs.registerAliases(['py', 'python3'], { languageName: 'python' });
hljs.registerLanguage('perl', perl);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('json', json);
hljs.registerLanguage('javascript', javascript);
hljs.registerAliases(['js', 'ts', 'typescript'], { languageName: 'javascript' });
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('ini', ini);
hljs.registerAliases(['conf', 'toml'], { languageName: 'ini' });

/** Highlights every code block with a known language inside `root`; works on text, so it stays safe. */
export function highlightWithin(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('pre.code code[class^="language-"]').forEach((el) => {
    const lang = el.className.replace('language-', '');
    if (el.dataset.highlighted || !hljs.getLanguage(lang)) return;
    hljs.highlightElement(el);
  });
}
