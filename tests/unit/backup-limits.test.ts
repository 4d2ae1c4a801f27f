import { describe, expect, it } from 'vitest';
import { BackupError } from '../../src/lib/backup/format';
import { loadBackupFile } from '../../src/lib/backup/read';
import { createBackup } from '../../src/lib/backup/write';
import { BACKUP_LIMIT, FIELD_LIMIT, MB } from '../../src/lib/import/limits';
import { filledDb } from './backup-fixtures';

async function backupLines(): Promise<string[]> {
  const { blob } = await createBackup(await filledDb(), { appVersion: 'test' });
  return (await blob.text()).split('\n');
}

/** The backup with its first card row changed by `edit`. */
function withCard(lines: string[], edit: (row: Record<string, unknown>) => void): { text: string; id: string } {
  const at = lines.indexOf('"cards":[') + 1;
  const trailing = lines[at].endsWith(',') ? ',' : '';
  const row = JSON.parse(trailing ? lines[at].slice(0, -1) : lines[at]);
  edit(row);
  const copy = [...lines];
  copy[at] = JSON.stringify(row) + trailing;
  return { text: copy.join('\n'), id: row.id };
}

async function loadError(file: Blob): Promise<BackupError> {
  try {
    await loadBackupFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(BackupError);
    return error as BackupError;
  }
  throw new Error('the backup was accepted');
}

describe('backup size limits', () => {
  it('refuses a card with a 60 MB field, naming the card and the field, without keeping the row', async () => {
    const { text, id } = withCard(await backupLines(), (row) => (row.back = 'x'.repeat(60 * MB)));
    const error = await loadError(new Blob([text]));
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(
      `This backup cannot be restored: cards row 1 (id "${id}") is 60 MB, most of it in its "back" field; the limit is 1 MB per card field. Nothing was changed.`
    );
  }, 30_000); // builds and reads a 60 MB file: seconds, more on a loaded machine

  it('refuses a field past the limit that fits in a line, as a validation problem with the row', async () => {
    const { text, id } = withCard(await backupLines(), (row) => (row.front = 'y'.repeat(FIELD_LIMIT + 1)));
    const error = await loadError(new Blob([text]));
    expect(error.kind).toBe('invalid');
    expect(error.problems).toEqual([`cards row 1 (id "${id}"): "front" is more than 1 MB; the limit is 1 MB per field`]);
  });

  it('refuses a file past the backup limit before reading it', async () => {
    const huge = { size: BACKUP_LIMIT + 1, slice: () => new Blob(['{']) } as unknown as Blob;
    expect(await loadError(huge)).toMatchObject({
      kind: 'too-large',
      message: 'The file is more than 512 MB; the limit for a backup is 512 MB. Nothing was changed.'
    });
  });

  it('refuses a backup in another JSON layout when it is too large to read whole', async () => {
    const file = new Blob(['{\n  "format": "interview-flashcards-backup",\n  "x": "', ' '.repeat(65 * MB), '"\n}\n']);
    expect((await loadError(file)).message).toMatch(/is read whole, which is allowed up to 64 MB; it is 65 MB/);
  });
});
