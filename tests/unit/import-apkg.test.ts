import { describe, expect, it } from 'vitest';
import { clozeNumbers, renderCloze } from '../../src/lib/import/cloze';
import { answerOnly, renderTemplate } from '../../src/lib/import/template';
import { body, importErrorOf, parseFixture } from './import-helpers';

const KEYS = ['a:Gx7#tcp01.0', 'a:Hund+rev02.0', 'a:Hund+rev02.1', 'a:cloze/03.0', 'a:cloze/03.1', 'a:type-in04.0', 'a:xss05.0', 'a:sound06.0'];

describe('Anki packages', () => {
  for (const file of ['sample.apkg', 'sample-anki21.colpkg', 'sample-latest.apkg']) {
    it(`${file}: one card per Anki card, keyed by note guid + ordinal`, async () => {
      const parsed = await parseFixture(file);
      expect(parsed.format).toBe('apkg');
      expect(parsed.cards.map((c) => c.key)).toEqual(KEYS);
      const [basic, fwd, rev, c1, c2, typein] = parsed.cards;
      expect(body(basic.front)).toBe('What does <b>TCP</b> stand for?');
      expect(basic.tags).toEqual(['networking', 'tcp']);
      // The answer template's "{{FrontSide}}<hr id=answer>" is not repeated on the back.
      expect(body(basic.back)).toMatch(/^\s*Transmission Control Protocol<br><img data-media="[a-z0-9]+" alt="tcp-diagram.png">$/);
      const dog = `<img data-media="${parsed.media[1].hash}" alt="dog.png">`;
      expect([body(fwd.front), body(fwd.back).trim()]).toEqual(['der Hund', `the dog<br>${dog}`]);
      expect([body(rev.front), body(rev.back).trim()]).toEqual([`the dog<br>${dog}`, 'der Hund']);
      expect(body(c1.front)).toBe('The capital of <mark>[…]</mark> is Paris.');
      expect(body(c1.back)).toBe('The capital of <mark>France</mark> is Paris.<br>\nSince 508 AD');
      expect(body(c2.front)).toBe('The capital of France is <mark>[city]</mark>.');
      // Type-in answer: no input box on the front, the expected answer on the back.
      expect([body(typein.front), body(typein.back).trim()]).toEqual(['2 + 2 =', '4']);
      // The two images and the sound; the unsafe images are reported.
      expect(parsed.media.map((m) => [m.name, m.mime])).toEqual([
        ['tcp-diagram.png', 'image/png'],
        ['dog.png', 'image/png'],
        ['hello.mp3', 'audio/mpeg']
      ]);
      const sound = parsed.cards.find((c) => c.key === 'a:sound06.0')!;
      expect(body(sound.front)).toBe(
        `<audio controls preload="metadata" data-media="${parsed.media[2].hash}" aria-label="Sound: hello.mp3"></audio> Which word do you hear?`
      );
      // The type-in card is marked with what is to be typed.
      expect(typein.typeIn).toEqual({ field: 'Back', expected: '4', cloze: false });
      expect(parsed.cards.filter((c) => c.typeIn)).toHaveLength(1);
      expect(body(basic.back)).toContain(`data-media="${parsed.media[0].hash}"`);
      expect(parsed.problems.map((p) => p.message)).toEqual([
        '1 image is referenced but not in the package (x); their names are shown instead',
        '1 image with a data: or other inline URL removed (not allowed for safety)'
      ]);
      expect(parsed.problems.every((p) => p.severity === 'warning')).toBe(true);
    });
  }

  it('suggests the deck name from the package, and turns review history into an FSRS schedule', async () => {
    const parsed = await parseFixture('sample.apkg');
    expect(parsed.suggestedTitle).toBe('Sample / Networking');
    expect((await parseFixture('sample-latest.apkg')).suggestedTitle).toBe('Sample / New format');
    const [reviewed, ...fresh] = parsed.cards;
    // Reviewed twice with Good (2023-11-20 and 3 days later): a review card, due after the last review.
    expect(reviewed.schedule).toMatchObject({ state: 2, reps: 2, lapses: 0, lastReview: 1_700_500_000_000 + 3 * 86_400_000, suspended: false });
    expect(reviewed.schedule!.stability).toBeGreaterThan(1);
    expect(reviewed.schedule!.due).toBeGreaterThan(reviewed.schedule!.lastReview!);
    expect(fresh.every((c) => c.schedule === undefined)).toBe(true);
  });

  it('refuses damaged packages with a specific message', async () => {
    expect(await importErrorOf('bad/truncated.apkg')).toMatch(/"truncated.apkg" is damaged or incomplete \(the end of the zip archive is missing/);
    expect(await importErrorOf('bad/encrypted.apkg')).toMatch(/"encrypted.apkg" is password-protected \(encrypted zip\)/);
    expect(await importErrorOf('bad/damaged-sqlite.apkg')).toMatch(
      /"damaged-sqlite.apkg" contains a damaged Anki collection: the SQLite database could not be read \(database disk image is malformed\)/
    );
    expect(await importErrorOf('bad/not-anki.apkg')).toMatch(/is a zip file but not an Anki package: it has no collection.anki2/);
    expect(await importErrorOf('bad/not-a-zip.apkg')).toMatch(/"not-a-zip.apkg" is not an Anki package: it is not a zip archive/);
  });
});

describe('Anki templates and clozes', () => {
  const ctx = { ord: 0, side: 'q' as const, tags: ['t1'], deck: 'A::B', notetype: 'Basic', card: 'Card 1' };

  it('renders fields, sections, inverted sections and filters', () => {
    const fields = { Front: 'F', Back: '<b>B</b>', Empty: '<br>', Reading: '漢字[かんじ]' };
    expect(renderTemplate('{{Front}}{{#Back}} has back{{/Back}}{{#Empty}} never{{/Empty}}{{^Empty}} no extra{{/Empty}}', { ...ctx, fields })).toBe(
      'F has back no extra'
    );
    expect(renderTemplate('{{text:Back}}|{{hint:Back}}|{{Subdeck}}|{{Tags}}', { ...ctx, fields })).toBe(
      'B|<details><summary>Back</summary><b>B</b></details>|B|t1'
    );
    expect(renderTemplate('{{furigana:Reading}}', { ...ctx, fields })).toBe('<ruby><rb>漢字</rb><rt>かんじ</rt></ruby>');
    expect(renderTemplate('{{kana:Reading}} {{kanji:Reading}}', { ...ctx, fields })).toBe('かんじ 漢字');
    expect(renderTemplate('{{Missing}}x{{tts en_US:Front}}', { ...ctx, fields })).toBe('xF');
  });

  it('drops the repeated question from answer templates', () => {
    expect(answerOnly('{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}')).toBe('\n\n{{Back}}');
    expect(answerOnly('{{Front}}<hr id="answer">{{Back}}')).toBe('{{Back}}');
    expect(answerOnly('{{FrontSide}} {{Back}}')).toBe(' {{Back}}');
    expect(answerOnly('{{cloze:Text}}<br>{{Extra}}')).toBe('{{cloze:Text}}<br>{{Extra}}');
  });

  it('hides the active cloze, shows the others, and handles hints and nesting', () => {
    const text = '{{c1::Paris}} is in {{c2::France::country}}, {{c1::{{c3::Europe}} too}}';
    expect(clozeNumbers(text)).toEqual([1, 2, 3]);
    expect(renderCloze(text, 1, 'q')).toBe('<mark>[…]</mark> is in France, <mark>[…]</mark>');
    expect(renderCloze(text, 1, 'a')).toBe('<mark>Paris</mark> is in France, <mark>Europe too</mark>');
    expect(renderCloze(text, 2, 'q')).toBe('Paris is in <mark>[country]</mark>, Europe too');
    expect(renderCloze(text, 3, 'q')).toBe('Paris is in France, <mark>[…]</mark> too');
    expect(renderCloze('broken {{c1::never closed', 1, 'q')).toBe('broken {{c1::never closed');
  });
});
