import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { hasVisibleContent } from '../../src/lib/cards/card-html';
import { typeInAnswer } from '../../src/lib/import/apkg/type-in';
import { parseDelimited } from '../../src/lib/import/delimited';
import { parseImportFile } from '../../src/lib/import/parse';
import { ankiCollection, ankiPackage, wavTone } from '../fixtures/import/hostile';
import { body } from './import-helpers';

const deps = { loadSql: () => initSqlJs(), now: Date.UTC(2024, 0, 1) };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe('Anki packages keep sounds, styles and HTML-only cards', () => {
  it('stores a [sound:…] file and shows it as an audio control; keeps styled words as written', async () => {
    const collection = await ankiCollection([
      { guid: 's1', fields: ['[sound:rouge.wav] <span style="color: #c0392b; font-weight: bold">rouge</span>', 'red [sound:missing.mp3]'] }
    ]);
    const parsed = await parseImportFile('sound.apkg', ankiPackage(collection, { 'rouge.wav': wavTone(0.2) }), {}, deps);
    expect(parsed.media.map((m) => [m.name, m.mime])).toEqual([['rouge.wav', 'audio/wav']]);
    const [card] = parsed.cards;
    expect(body(card.front)).toBe(
      `<audio controls preload="metadata" data-media="${parsed.media[0].hash}" aria-label="Sound: rouge.wav"></audio> <span style="color: #c0392b; font-weight: bold">rouge</span>`
    );
    expect(body(card.back)).toBe('red ');
    expect(parsed.problems.map((p) => p.message)).toEqual([
      '1 sound reference ([sound:…]) left out: the sound file is not in the package or not a sound this app plays'
    ]);
  });

  it('refuses a "sound" that is not one (an HTML page named .mp3)', async () => {
    const collection = await ankiCollection([{ guid: 's2', fields: ['Q [sound:evil.mp3]', 'A'] }]);
    const parsed = await parseImportFile('evil.apkg', ankiPackage(collection, { 'evil.mp3': new TextEncoder().encode('<script>x</script>') }), {}, deps);
    expect(parsed.media).toEqual([]);
    expect(body(parsed.cards[0].front)).toBe('Q ');
    expect(parsed.problems.map((p) => p.message)).toContain('"evil.mp3" is not a valid MPEG sound; it is left out');
  });

  it('imports a card made only of an image with attributes; drops one with nothing visible', async () => {
    const collection = await ankiCollection([
      { guid: 'img', fields: ['<img width="300" alt="a > b" src="pic.png" class="big" height="x" style="border: 1px solid red">', 'A'] },
      { guid: 'none', fields: ['<div><img src="data:image/png;base64,AAAA"></div>', 'A'] }
    ]);
    const parsed = await parseImportFile('html.apkg', ankiPackage(collection, { 'pic.png': PNG }), {}, deps);
    expect(parsed.cards.map((c) => c.key)).toEqual(['a:img.0']);
    expect(body(parsed.cards[0].front)).toBe(`<img data-media="${parsed.media[0].hash}" alt="a &gt; b" width="300" style="border: 1px solid red">`);
    expect(parsed.problems.map((p) => p.message)).toContain('card 1 ("Card 1") has an empty question; skipped');
  });

  it('knows what is visible in HTML', () => {
    for (const shown of ['<img src="x.png" width="3">', '<p><img alt="1 > 0" src=x></p>', '<audio controls data-media="h"></audio>', 'text', '<b>a</b>'])
      expect(hasVisibleContent(shown), shown).toBe(true);
    for (const empty of ['', '<b></b>', '<div><br></div>', '&nbsp;', '<!-- only a comment -->', '<span style="color:red"></span>'])
      expect(hasVisibleContent(empty), empty).toBe(false);
  });

  it('HTML mode of a text file keeps a card whose front is only an image', () => {
    const parsed = parseDelimited('#separator:tab\n#html:true\n<img src="p.png" width="200" alt="x > y">\tthe answer\n', 'img.txt');
    expect(parsed.cards.map((c) => body(c.front))).toEqual(['[image: p.png]']);
  });
});

describe('type-in cards are marked with the answer to type', () => {
  it('reads {{type:Field}} and {{type:cloze:Text}}', () => {
    expect(typeInAnswer('{{Front}}<br>{{type:Back}}', { Front: 'Capital of France?', Back: '<b>Paris</b>&nbsp;' }, 0)).toEqual({
      field: 'Back',
      expected: 'Paris',
      cloze: false
    });
    const text = '{{c1::Canberra}} is the capital of {{c2::Australia::country}}; {{c1::it}} was planned.';
    expect(typeInAnswer('{{cloze:Text}}{{type:cloze:Text}}', { Text: text }, 0)).toEqual({ field: 'Text', expected: 'Canberra, it', cloze: true });
    expect(typeInAnswer('{{cloze:Text}}{{type:cloze:Text}}', { Text: text }, 1)).toEqual({ field: 'Text', expected: 'Australia', cloze: true });
    expect(typeInAnswer('{{Front}}', { Front: 'x' }, 0)).toBeNull();
    expect(typeInAnswer('{{type:Back}}', { Back: '' }, 0)).toBeNull();
  });
});

describe("Anki's #deck column", () => {
  it('puts each card in the deck its note names and lists the decks for the preview', () => {
    const text = [
      '#separator:tab',
      '#html:false',
      '#notetype column:1',
      '#deck column:2',
      'Basic\tLanguages::French\tchat\tcat',
      'Basic (and reversed card)\tLanguages::Spanish\tperro\tdog',
      'Basic\tLanguages::French\tchien\tdog',
      'Basic\tGeography\tCapital of Peru?\tLima',
      'Basic (type in the answer)\tGeography\tCapital of Chile?\tSantiago',
      ''
    ].join('\n');
    const parsed = parseDelimited(text, 'three-decks.txt');
    expect(parsed.cards.map((c) => [body(c.front), c.deck])).toEqual([
      ['chat', 'Languages::French'],
      ['perro', 'Languages::Spanish'],
      ['dog', 'Languages::Spanish'],
      ['chien', 'Languages::French'],
      ['Capital of Peru?', 'Geography'],
      ['Capital of Chile?', 'Geography']
    ]);
    expect(parsed.decks).toEqual([
      { name: 'Languages::French', cards: 2 },
      { name: 'Languages::Spanish', cards: 2 },
      { name: 'Geography', cards: 2 }
    ]);
    // A type-in note type in the notetype column marks its card.
    expect(parsed.cards.map((c) => c.typeIn)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      { field: 'Back', expected: 'Santiago', cloze: false }
    ]);
    // Without a deck column, nothing changes: no deck per card, no list.
    const plain = parseDelimited('front,back\nq,a\n', 'x.csv');
    expect(plain.decks).toBeUndefined();
    expect(plain.cards[0].deck).toBeUndefined();
  });
});

describe("Anki's #notetype column", () => {
  const text = [
    '#separator:tab',
    '#html:true',
    '#notetype column:1',
    'Cloze\t{{c1::Canberra}} is the capital of {{c2::Australia}}\tplanned city',
    'Basic (and reversed card)\tperro\tdog',
    'Basic\tchat\tcat',
    'Vocab\tHund\tdog',
    'Vocab\tKatze\tcat',
    'Image Occlusion\tmask 1\tmask',
    ''
  ].join('\n');

  it('makes cloze cards of a Cloze row, two cards of a reversed row, and one of a Basic row', () => {
    const parsed = parseDelimited(text, 'mixed.txt');
    expect(parsed.cards.slice(0, 5).map((c) => [body(c.front), body(c.back)])).toEqual([
      ['<mark>[…]</mark> is the capital of Australia', '<mark>Canberra</mark> is the capital of Australia<br>planned city'],
      ['Canberra is the capital of <mark>[…]</mark>', 'Canberra is the capital of <mark>Australia</mark><br>planned city'],
      ['perro', 'dog'],
      ['dog', 'perro'],
      ['chat', 'cat']
    ]);
  });

  it('imports an unknown note type as Basic and says which line and which note type, once per note type', () => {
    const parsed = parseDelimited(text, 'mixed.txt');
    expect(parsed.cards.slice(5).map((c) => body(c.front))).toEqual(['Hund', 'Katze', 'mask 1']);
    expect(parsed.problems.map((p) => [p.where, p.severity, p.message.replace(/ is not one.*$/, '')])).toEqual([
      ['line 7', 'warning', 'note type "Vocab" (2 notes, the first on this line)'],
      ['line 9', 'warning', 'note type "Image Occlusion"']
    ]);
    expect(parsed.problems[0].message).toContain('imported as Basic, front and back from the first two fields');
  });
});
