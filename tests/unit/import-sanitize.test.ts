// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { plainTextCard } from '../../src/lib/cards/card-html';
import { renderMarkdown, sanitizeCardText } from '../../src/lib/render/markdown';
import { body, parseFixture } from './import-helpers';

const html = (s: string) => `<!--html-->${s}`;
/** Parses the output, so checks look at what the browser would build, not at spelling. */
function dom(out: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = out;
  return div;
}

describe('sanitizing imported (untrusted) card text', () => {
  const attacks: [string, string][] = [
    ['script tag', '<script>alert(1)</script>ok'],
    ['event handler', '<img src="https://x.test/a.png" onerror="alert(1)">ok<b onclick="alert(1)">b</b>'],
    ['javascript: link', '<a href="javascript:alert(1)">ok</a><a href=" JaVaScRiPt:alert(1)">x</a>'],
    ['data: image', '<img src="data:image/png;base64,iVBORw0KGgo=">ok<a href="data:text/html,<script>alert(1)</script>">x</a>'],
    ['svg script', '<svg><script>alert(1)</script><circle r="5"></circle></svg>ok'],
    ['svg use href', '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"></use></svg>ok'],
    ['foreignObject', '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>ok'],
    ['math', '<math><mtext><img src=x onerror=alert(1)></mtext></math>ok'],
    ['style attribute overlay', '<div style="position:fixed;inset:0;z-index:99;background:red">ok</div>'],
    ['style url(javascript:)', '<span style="background:url(javascript:alert(1))">ok</span><b style="background-image:url(https://tracker.test/x.png)">b</b>'],
    ['style expression()', '<span style="color:expression(alert(1));width:expression(alert(2))">ok</span>'],
    ['style escapes and comments', '<span style="background:\\75rl(javascript:alert(1));color:re/**/d">ok</span>'],
    ['style quoted smuggling', '<span style="font-family:\'x;background:url(javascript:alert(1))\'">ok</span>'],
    ['style moves content', '<p style="margin-top:-999px;transform:translateY(-100%);float:left;top:0;text-indent:-9999px">ok</p>'],
    ['style bindings', '<span style="-moz-binding:url(x.xml#x);behavior:url(x.htc);color:var(--accent)">ok</span>'],
    [
      'audio with a source',
      '<audio src="https://evil.test/a.mp3" autoplay loop onplay="alert(1)"></audio><audio><source src="https://evil.test/a.mp3"></audio>ok'
    ],
    ['style tag', '<style>body{display:none}</style>ok'],
    ['app classes and ids', '<div class="skip visually-hidden" id="main">ok</div>'],
    [
      'iframe/object/embed/form',
      '<iframe src="https://evil.test"></iframe><object data="x"></object><embed src="x"><form action="https://evil.test"><input name="p"></form>ok'
    ],
    ['meta refresh / base', '<meta http-equiv="refresh" content="0;url=https://evil.test"><base href="https://evil.test/">ok'],
    ['srcset', '<img srcset="https://tracker.test/x.png 1x" alt="a">ok'],
    ['relative image', '<img src="/api/logout">ok']
  ];
  for (const [name, attack] of attacks) {
    it(`removes ${name}`, () => {
      const htmlOut = renderMarkdown(html(attack));
      for (const out of [htmlOut, renderMarkdown(attack)]) {
        const root = dom(out);
        expect(root.querySelector('script, style, svg, math, iframe, object, embed, form, input, meta, base, foreignObject, use, source')).toBeNull();
        for (const audio of root.querySelectorAll('audio')) expect(audio.getAttributeNames().sort()).toEqual(['controls', 'preload']);
        for (const el of root.querySelectorAll('*')) {
          for (const attr of el.getAttributeNames()) {
            expect(attr.startsWith('on'), `${name}: ${attr}`).toBe(false);
            expect(['id', 'srcset', 'src', 'autoplay', 'loop'].includes(attr) && !(el.tagName === 'IMG' && attr === 'src'), `${name}: ${attr}`).toBe(false);
            // Author classes survive in imported HTML only, renamed so that none is an app class.
            if (attr === 'class') expect(el.getAttribute('class')!.split(' '), name).toEqual(out === htmlOut ? ['ac-skip', 'ac-visually-hidden'] : []);
            // Styles survive only in imported HTML, and only as allowlisted properties with plain values.
            if (attr === 'style')
              expect(el.getAttribute('style'), name).not.toMatch(
                /position|inset|z-index|url|expression|transform|float|top|-9|binding|behavior|var\(|\\|\/\*/i
              );
            expect(el.getAttribute(attr)!.replace(/\s/g, '').toLowerCase()).not.toMatch(/^(javascript|data|vbscript):/);
          }
        }
        const img = root.querySelector('img');
        if (img?.hasAttribute('src')) expect(img.getAttribute('src')).toMatch(/^https:/);
        expect(root.textContent).toContain('ok');
      }
    });
  }

  it('keeps what cards need: formatting, cloze marks, imported images, safe links, code classes', () => {
    const out = dom(
      renderMarkdown(
        html(
          '<b>b</b><i>i</i><mark>[…]</mark><img data-media="im_1:abc" alt="diagram"><a href="https://example.com">l</a><details><summary>Hint</summary>h</details><ruby>漢<rt>かん</rt></ruby>'
        )
      )
    );
    expect(out.querySelector('b')?.textContent).toBe('b');
    expect(out.querySelector('mark')?.textContent).toBe('[…]');
    expect(out.querySelector('img')?.getAttribute('data-media')).toBe('im_1:abc');
    expect(out.querySelector('a')?.getAttribute('target')).toBe('_blank');
    expect(out.querySelector('a')?.getAttribute('rel')).toContain('noopener');
    expect(out.querySelector('details summary')?.textContent).toBe('Hint');
    expect(out.querySelector('rt')?.textContent).toBe('かん');
    const md = dom(renderMarkdown('```bash\necho hi\n```\n\n```output\nhi\n```'));
    expect(md.querySelector('pre.code[data-lang="bash"] code.language-bash')).not.toBeNull();
    expect(md.querySelector('figure.code-output')).not.toBeNull();
    // data-media is only for imported HTML; Markdown cards cannot point at stored media.
    expect(dom(renderMarkdown('<img data-media="x" alt="a">')).querySelector('img[data-media]')).toBeNull();
  });

  it('leaves no image without a text alternative, and no text that moves by itself (axe: image-alt, marquee)', () => {
    for (const out of [renderMarkdown('front <img src=x onerror=alert(1)> <img>'), renderMarkdown(html('<img src="relative.png">front'))]) {
      expect(dom(out).querySelector('img')).toBeNull();
      expect(dom(out).textContent).toContain('front');
    }
    // An alt the author wrote is kept, an empty one too (a decorative image).
    const named = dom(
      renderMarkdown('<img src="https://example.com/figures/tcp%20states.png?v=2"> <img src="https://example.com/"> ![](https://example.com/x.png)')
    );
    expect([...named.querySelectorAll('img')].map((img) => img.getAttribute('alt'))).toEqual(['tcp states.png', 'image', '']);
    expect(dom(renderMarkdown('![the diagram](https://example.com/d.png)')).querySelector('img')?.getAttribute('alt')).toBe('the diagram');
    for (const out of [renderMarkdown('<marquee>moving</marquee>'), renderMarkdown(html('<marquee behavior="alternate">moving</marquee>'))]) {
      expect(dom(out).querySelector('marquee')).toBeNull();
      expect(dom(out).textContent?.trim()).toBe('moving');
    }
  });

  it('shows plain text exactly, HTML-looking text included', () => {
    const out = dom(renderMarkdown(plainTextCard('<b>not bold</b>\n# not a heading')));
    expect(out.querySelector('b, h1')).toBeNull();
    expect(out.textContent).toBe('<b>not bold</b># not a heading');
    expect(out.querySelectorAll('br')).toHaveLength(1);
  });

  it('sanitizes before storing: the unsafe Anki note is clean in the stored text', async () => {
    const parsed = await parseFixture('sample.apkg');
    const xss = parsed.cards.find((c) => c.key === 'a:xss05.0')!;
    const front = sanitizeCardText(xss.front);
    const back = sanitizeCardText(xss.back);
    expect(front.startsWith('<!--html-->')).toBe(true);
    for (const stored of [front, back]) expect(body(stored)).not.toMatch(/<script|onerror|javascript:|<svg|<style|position|inset|data:/i);
    expect(body(back)).toContain('<div style="background: red" class="ac-overlay">overlay</div>');
    expect(body(front)).toBe('Safe question?[image: x]');
    // Plain text takes the fast path and stays byte-identical.
    const plain = plainTextCard('a < b\nc');
    expect(sanitizeCardText(plain)).toBe(plain);
  });
});

describe('what imported Anki cards keep', () => {
  it('keeps inline colours, sizes and alignment through the CSS allowlist (HTML cards only)', () => {
    const styled =
      '<span style="color: #c0392b; font-weight: bold">rouge</span> <span style="color:rgb(0, 90, 200);font-size:24px;position:absolute">bleu</span><div style="text-align: center; background-color: #ffeb3b; font-family: \'Noto Sans\', Arial; font-style: italic; text-decoration: underline">centre</div><p style="margin: 0 0 8px; padding: 4px; border: 1px solid #ccc; line-height: 1.5; font: bold 12px/1.5 Arial">box</p>';
    const out = dom(renderMarkdown(html(styled)));
    const [red, blue] = out.querySelectorAll('span');
    expect(red.getAttribute('style')).toBe('color: #c0392b; font-weight: bold');
    expect(blue.getAttribute('style')).toBe('color: rgb(0, 90, 200); font-size: 24px');
    expect(out.querySelector('div')!.getAttribute('style')).toBe(
      "text-align: center; background-color: #ffeb3b; font-family: 'Noto Sans', Arial; font-style: italic; text-decoration: underline"
    );
    expect(out.querySelector('p')!.getAttribute('style')).toBe(
      'margin: 0 0 8px; padding: 4px; border: 1px solid #ccc; line-height: 1.5; font: bold 12px/1.5 Arial'
    );
    // A style with nothing allowed left loses the attribute; Markdown cards keep no style at all.
    expect(
      dom(renderMarkdown(html('<b style="position:fixed">x</b>')))
        .querySelector('b')!
        .hasAttribute('style')
    ).toBe(false);
    expect(dom(renderMarkdown('<span style="color:red">x</span>')).querySelector('span')?.hasAttribute('style') ?? false).toBe(false);
  });

  it('keeps an imported sound as a bare audio control bound to stored media', () => {
    const out = dom(renderMarkdown(html('<audio controls preload="metadata" data-media="im_1:abc" aria-label="Sound: hello.mp3"></audio>')));
    const audio = out.querySelector('audio')!;
    expect(audio.getAttribute('data-media')).toBe('im_1:abc');
    expect(audio.getAttribute('aria-label')).toBe('Sound: hello.mp3');
    expect(audio.hasAttribute('controls')).toBe(true);
    expect(audio.hasAttribute('src')).toBe(false);
    // Markdown cards cannot embed audio.
    expect(dom(renderMarkdown('<audio controls data-media="x"></audio>')).querySelector('audio')).toBeNull();
  });
});

describe('the fast path of sanitizeCardText', () => {
  it('skips only attribute-less safe tags, everything else goes through the sanitizer', () => {
    for (const safe of ['plain &amp; text<br>more', '<b>x</b><ul><li>a</li></ul><div>y</div><br/>', 'a > b']) {
      const text = `<!--html-->${safe}`;
      expect(sanitizeCardText(text)).toBe(text);
    }
    for (const unsafe of [
      '<b onclick="x()">x</b>',
      '<div style="position:fixed">x</div>',
      '<img src=x onerror=y>',
      '<!--c--><script>x</script>',
      '<svg>',
      '<B\nonmouseover=x>t</B>',
      '<br/onload=x>'
    ]) {
      const out = sanitizeCardText(`<!--html-->${unsafe}`);
      expect(out, unsafe).not.toMatch(/onclick|position|onerror|onmouseover|onload|<script|<svg/i);
    }
  });
});
