import { describe, expect, it } from 'vitest';
import { BackupError } from '../../src/lib/backup/format';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore } from '../../src/lib/backup/restore';
import { createBackup } from '../../src/lib/backup/write';
import { filledDb, snapshot } from './backup-fixtures';
import { seededDb, fixtureWrite } from './db-helpers';

async function backupText(): Promise<string> {
  const { blob } = await createBackup(await filledDb(), { appVersion: 'test' });
  return blob.text();
}

/** The error loading `text` as a backup gives (fails the test if it loads). */
async function loadError(text: string | Uint8Array): Promise<BackupError> {
  try {
    await loadBackupFile(new Blob([text as BlobPart]));
  } catch (error) {
    expect(error).toBeInstanceOf(BackupError);
    return error as BackupError;
  }
  throw new Error('the file was accepted');
}

/** Edits one row of a table in a backup's JSON text. */
function editRow(text: string, table: string, index: number, edit: (row: Record<string, unknown>) => void): string {
  const whole = JSON.parse(text);
  edit(whole.tables[table][index]);
  return JSON.stringify(whole);
}

describe('backup validation', () => {
  it('rejects files that are not backups with a specific message', async () => {
    expect(await loadError('')).toMatchObject({ kind: 'empty', message: expect.stringContaining('The file is empty') });
    expect(await loadError('#separator:Comma\nfront,back\n')).toMatchObject({ kind: 'not-json', message: expect.stringContaining('not JSON') });
    expect(await loadError('{"a": 1,,}')).toMatchObject({ kind: 'not-json' });
    expect(await loadError(new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0x0a]))).toMatchObject({ kind: 'not-json' });
    expect(await loadError('[1, 2, 3]')).toMatchObject({ kind: 'not-json' });
    expect(await loadError('{"format":"anki-export","version":1,"tables":{}}')).toMatchObject({
      kind: 'not-backup',
      message: expect.stringContaining('not an Interview Flashcards backup (its format is "anki-export")')
    });
    const text = await backupText();
    const newer = text.replace('"version":1', '"version":2');
    expect(await loadError(newer)).toMatchObject({ kind: 'newer-version', message: expect.stringContaining('newer version of the app (backup version 2') });
  });

  it('detects a file cut off anywhere', async () => {
    const text = await backupText();
    const bytes = new TextEncoder().encode(text);
    for (const fraction of [0.01, 0.1, 0.25, 0.4, 0.5, 0.63, 0.75, 0.9, 0.97, 0.999]) {
      const cut = Math.floor(bytes.length * fraction);
      const error = await loadError(bytes.slice(0, cut));
      expect(error.kind, `cut at ${cut} of ${bytes.length}`).toBe('truncated');
      expect(error.message).toContain('The backup file is incomplete');
    }
    // Cut exactly at a line end inside the cards table: names the table and how far it got.
    const lines = text.split('\n');
    const cardsStart = lines.indexOf('"cards":[');
    const error = await loadError(lines.slice(0, cardsStart + 4).join('\n') + '\n');
    expect(error.message).toContain('in table "cards" after 3 of 18 rows');
  });

  it('names the table and row of bad fields, types and references', async () => {
    const text = await backupText();
    const missing = await loadError(editRow(text, 'cards', 1, (row) => delete row.due));
    expect(missing.kind).toBe('invalid');
    expect(missing.message).toContain('cards row 2 (id "alpha-c1"): "due" is missing');

    const wrongType = await loadError(editRow(text, 'reviewLogs', 0, (row) => (row.rating = 'good')));
    expect(wrongType.message).toMatch(/reviewLogs row 1 \(id "[0-9a-f-]+"\): "rating" must be a whole number from 1 to 4, got "good"/);

    const nested = await loadError(editRow(text, 'reviewLogs', 2, (row) => ((row.before as Record<string, unknown>).state = 9)));
    expect(nested.message).toContain('"before" must be an object whose "state" is a whole number from 0 to 3');

    const deckRef = await loadError(editRow(text, 'cards', 0, (row) => (row.deckId = 'gone')));
    expect(deckRef.message).toContain('cards row 1 (id "alpha-c0"): deck "gone" is not in the backup');

    const cardRef = await loadError(editRow(text, 'reviewLogs', 3, (row) => (row.cardId = 'nope')));
    expect(cardRef.message).toMatch(/reviewLogs row 4 \(id "[^"]+"\): card "nope" is not in the backup/);

    const duplicate = await loadError(editRow(text, 'decks', 1, (row) => (row.id = 'alpha')));
    expect(duplicate.message).toContain('decks row 2 (id "alpha"): id "alpha" appears twice');

    const base64 = await loadError(editRow(text, 'media', 0, (row) => ((row.data as Record<string, unknown>).base64 = 'not base64!')));
    expect(base64.message).toContain('media row 1 (id "m-empty"): "data" is not valid base64');

    const notObject = await loadError(editRow(text, 'settings', 0, (row) => Object.keys(row).forEach((k) => delete row[k])));
    expect(notObject.message).toContain('settings row 1: "key" is missing');
  });

  it('refuses study settings and deck limits the app could not have written, naming each field', async () => {
    const text = await backupText();
    const whole = JSON.parse(text);
    const study = whole.tables.settings.findIndex((row: { key: string }) => row.key === 'study');
    const settings = await loadError(
      editRow(text, 'settings', study, (row) => (row.value = { desiredRetention: 5, learningSteps: 'oops', newPerDay: -3, weights: [1, 2, 'x'] }))
    );
    expect(settings.problems).toEqual([
      `settings row ${study + 1} (key "study"): "desiredRetention" must be a number from 0.70 to 0.97, got 5`,
      `settings row ${study + 1} (key "study"): "newPerDay" must be a whole number from 0 to 9999, got -3`,
      `settings row ${study + 1} (key "study"): "learningSteps" must be a list of one or more steps like "1m", "10m", "1h" or "1d", got "oops"`,
      `settings row ${study + 1} (key "study"): "weights" must be null or a list of 17, 19 or 21 numbers, got [1,2,"x"]`
    ]);
    const notObject = await loadError(editRow(text, 'settings', study, (row) => (row.value = 'fast')));
    expect(notObject.problems).toEqual([`settings row ${study + 1} (key "study"): the study settings must be an object, got "fast"`]);
    const limit = await loadError(editRow(text, 'decks', 0, (row) => (row.newPerDay = 'lots')));
    expect(limit.problems).toEqual(['decks row 1 (id "alpha"): "newPerDay" must be a whole number from 0 to 99999, got "lots"']);
  });

  it('refuses a card or answer whose memory state FSRS cannot schedule from (every answer to it would fail)', async () => {
    const text = await backupText();
    const card = await loadError(editRow(text, 'cards', 0, (row) => Object.assign(row, { state: 2, stability: 3, difficulty: 0 })));
    expect(card.problems).toEqual([
      'cards row 1 (id "alpha-c0"): stability 3 and difficulty 0 are no memory state FSRS can schedule from (difficulty from 1 to 10 and stability of at least 0.001, or both 0 for a new card)'
    ]);
    const negative = await loadError(editRow(text, 'cards', 1, (row) => Object.assign(row, { stability: -5, difficulty: 50 })));
    expect(negative.problems[0]).toContain('stability -5 and difficulty 50 are no memory state');
    const before = await loadError(editRow(text, 'reviewLogs', 1, (row) => Object.assign(row.before as object, { stability: 0, difficulty: 4 })));
    expect(before.problems[0]).toMatch(/^reviewLogs row 2 \(id "[^"]+"\): "before": stability 0 and difficulty 4 are no memory state/);
  });

  it('reports every problem and counts those not shown', async () => {
    const whole = JSON.parse(await backupText());
    for (const card of whole.tables.cards) card.front = 42;
    const error = await loadError(JSON.stringify(whole));
    expect(error.problems).toHaveLength(18);
    expect(error.message).toContain('18 problems');
    expect(error.message).toContain('(and 10 more)');
  });

  it('rejects a count that does not match the rows (rows removed by hand)', async () => {
    const whole = JSON.parse(await backupText());
    whole.tables.reviewLogs.pop();
    const error = await loadError(JSON.stringify(whole));
    expect(error.message).toContain('table "reviewLogs" has 7 rows but the backup says 8');
  });
});

describe('backup warnings', () => {
  it('warns when making a backup that restore would refuse', async () => {
    const db = await filledDb();
    const log = (await db.reviewLogs.toArray())[0];
    await fixtureWrite(db, () => db.reviewLogs.put({ ...log, id: 'orphan', cardId: 'no-such-card' }));
    await fixtureWrite(db, () => db.cards.update('alpha-c1', { due: Number.NaN }));
    const { blob, warnings } = await createBackup(db, { appVersion: 'test' });
    expect(warnings).toEqual([
      'cards row 2 (id "alpha-c1"): "due" must be a number, got NaN',
      'reviewLogs row 9 (id "orphan"): card "no-such-card" does not exist'
    ]);
    const error = await loadError(await blob.text());
    expect(error.problems).toEqual(['cards row 2 (id "alpha-c1"): "due" must be a number, got null']);
  });
});

describe('restore is all or nothing', () => {
  for (const mode of ['replace', 'merge'] as const) {
    it(`${mode}: a failure part-way leaves every table as it was`, async () => {
      const { blob } = await createBackup(await filledDb(), { appVersion: 'test' });
      const backup = await loadBackupFile(blob);
      const target = await seededDb('keep', 5);
      await fixtureWrite(target, () => target.settings.put({ key: 'study', value: { newPerDay: 3 } }));
      const before = await snapshot(target);
      // The last table written (media) fails after decks, cards, logs and settings were written.
      target.media.hook('creating', () => {
        throw new Error('quota exceeded');
      });
      await expect(applyRestore(target, backup, mode)).rejects.toThrow('quota exceeded');
      expect(await snapshot(target)).toEqual(before);
    });
  }
});
