import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { CardRow, DeckRow } from '../../src/lib/db/schema';
import { cardRow } from './card-rows';
import { deckToAnkiCsv } from '../../src/lib/export/anki-csv';
import { csvField } from '../../src/lib/export/csv';

const deck: DeckRow = { id: 'net', title: 'Networking', description: '', source: 'builtin', hash: 'h', position: 0 };
const parent: DeckRow = { id: 'cs', title: 'Computer science', description: '', source: 'builtin', hash: 'h', position: 1 };

function card(id: string, front: string, back: string, extra: Partial<CardRow> = {}): CardRow {
  return cardRow(id, { deckId: deck.id, front, back, ...extra });
}

/** Splits Anki's `#key:value` header lines from the CSV body and parses the body with papaparse. */
function parseAnki(text: string, delimiter = ',') {
  const lines = text.split('\n');
  const headerCount = lines.findIndex((l) => !l.startsWith('#'));
  const headers = Object.fromEntries(lines.slice(0, headerCount).map((l) => l.slice(1).split(/:(.*)/s).slice(0, 2)));
  const body = lines.slice(headerCount).join('\n');
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: true });
  return { headers, rows: parsed.data, errors: parsed.errors };
}

const cards = [
  card('net-tcp', 'Which segments open a TCP connection, "quoted", with commas?', '**SYN, SYN-ACK, ACK.**', {
    tags: ['networking', 'tcp'],
    more: 'Then data flows.'
  }),
  card('net-count', '# Starts with a hash\n\nCount IPs:', "```bash\nawk '{print $1}' access.log | sort | uniq -c\n```", { tags: ['shell'] }),
  card('net-html', 'Evil <img src=x onerror="alert(1)">', 'plain')
];

describe('deck to Anki CSV', () => {
  it('writes the header lines Anki reads and one quoted row per card', () => {
    const text = deckToAnkiCsv(deck, cards, { parent });
    const { headers, rows, errors } = parseAnki(text);
    expect(errors).toEqual([]);
    expect(headers).toEqual({
      separator: 'Comma',
      html: 'true',
      notetype: 'Basic',
      'guid column': '1',
      'deck column': '2',
      'tags column': '5'
    });
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['net-tcp', 'Computer science::Networking', 'networking tcp'],
      ['net-count', 'Computer science::Networking', 'shell'],
      ['net-html', 'Computer science::Networking', '']
    ]);
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });

  it('converts Markdown to HTML with marked, keeping code blocks as <pre>', () => {
    const { rows } = parseAnki(deckToAnkiCsv(deck, cards));
    expect(rows[0][2]).toBe('<p>Which segments open a TCP connection, &quot;quoted&quot;, with commas?</p>');
    expect(rows[0][3]).toBe('<p><strong>SYN, SYN-ACK, ACK.</strong></p>\n<hr>\n<div class="more"><p>Then data flows.</p></div>');
    expect(rows[1][2]).toBe('<h1>Starts with a hash</h1>\n<p>Count IPs:</p>');
    expect(rows[1][3]).toBe('<pre><code class="language-bash">awk &#39;{print $1}&#39; access.log | sort | uniq -c</code></pre>');
  });

  it('passes the HTML through the sanitizer', () => {
    const seen: string[] = [];
    const { rows } = parseAnki(deckToAnkiCsv(deck, cards.slice(2), { sanitize: (h) => (seen.push(h), h.replace(/ onerror="[^"]*"/g, '')) }));
    expect(seen).toHaveLength(2);
    expect(rows[0][2]).toBe('<p>Evil <img src=x></p>');
  });

  it('writes tab-separated files too', () => {
    const text = deckToAnkiCsv(deck, cards, { separator: 'tab' });
    expect(text.startsWith('#separator:Tab\n')).toBe(true);
    const { rows, errors } = parseAnki(text, '\t');
    expect(errors).toEqual([]);
    expect(rows.map((r) => r[0])).toEqual(['net-tcp', 'net-count', 'net-html']);
  });

  it('quotes fields only when needed, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('#not a comment')).toBe('"#not a comment"');
    expect(csvField('a\tb', 'tab')).toBe('"a\tb"');
    expect(csvField('a,b', 'tab')).toBe('a,b');
  });

  it('joins tags with spaces, turning spaces inside a tag into underscores', () => {
    const { rows } = parseAnki(deckToAnkiCsv(deck, [card('x', 'Q', 'A', { tags: ['two words', 'a::b'] })]));
    expect(rows[0][4]).toBe('two_words a::b');
  });
});
