import { describe, expect, it } from 'vitest';
import { describeDetails, describePlan } from '../../src/lib/backup/describe';
import { BACKUP_FORMAT } from '../../src/lib/backup/format';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore, planRestore } from '../../src/lib/backup/restore';
import { backupFileName, createBackup } from '../../src/lib/backup/write';
import { freshDb, seededDb, fixtureWrite } from './db-helpers';
import { NOON, PNG, expectSameData, filledDb, snapshot } from './backup-fixtures';

describe('backup and restore', () => {
  it('restores every table row by row into a fresh database', async () => {
    const source = await filledDb();
    const progress: number[] = [];
    // A small page size reads each table over several pages.
    const { blob, counts, warnings } = await createBackup(source, {
      appVersion: '1.2.3',
      now: new Date(NOON),
      pageSize: 4,
      onProgress: (p) => progress.push(p.done)
    });
    expect(warnings).toEqual([]);
    expect(counts).toEqual({ decks: 3, cards: 18, reviewLogs: 8, settings: 2, media: 2 });
    expect(progress.at(-1)).toBe(33);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const backup = await loadBackupFile(blob);
    expect(backup.header).toMatchObject({ format: BACKUP_FORMAT, version: 1, appVersion: '1.2.3', exportedAt: new Date(NOON).toISOString() });

    const target = freshDb();
    const plan = await applyRestore(target, backup, 'replace');
    expect(describePlan(plan)).toBe('Replace: 0 decks, 0 cards, 0 reviews will be replaced by 3 decks, 18 cards, 8 reviews.');
    await expectSameData(target, source);
    // Indexes work on the restored rows (they are real rows, not blobs of JSON).
    expect(await target.cards.where('[deckId+queue+ord]').between(['alpha', 0, -Infinity], ['alpha', 0, Infinity]).count()).toBe(6);
    expect(await target.reviewLogs.where('[cardId+review]').between(['alpha-c0', 0], ['alpha-c0', Infinity]).count()).toBe(2);
    const png = (await target.media.get('m-png'))!.data;
    expect(png.type).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([...PNG]);
  });

  it('writes valid JSON with one row per line', async () => {
    const source = await filledDb();
    const { blob } = await createBackup(source, { appVersion: 'x', now: new Date(NOON) });
    const text = await blob.text();
    const whole = JSON.parse(text);
    expect(whole.format).toBe(BACKUP_FORMAT);
    expect(whole.tables.reviewLogs).toHaveLength(8);
    expect(whole.tables.media[1].data).toEqual({ type: 'image/png', base64: Buffer.from(PNG).toString('base64') });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\{"format":"interview-flashcards-backup","version":1,.*"tables":\{$/);
    expect(lines.filter((l) => l.startsWith('{"id":"') && l.includes('"rating":'))).toHaveLength(8);
    expect(lines.at(-2)).toBe('}}');
  });

  it('reads a backup re-indented by an editor (another JSON layout)', async () => {
    const source = await filledDb();
    const { blob } = await createBackup(source, { appVersion: 'x' });
    const pretty = new Blob([JSON.stringify(JSON.parse(await blob.text()), null, 2)]);
    const target = freshDb();
    await applyRestore(target, await loadBackupFile(pretty), 'replace');
    await expectSameData(target, source);
  });

  it('replace removes everything that was on the device before', async () => {
    const source = await filledDb();
    const { blob } = await createBackup(source, { appVersion: 'x' });
    const target = await seededDb('other', 30);
    await fixtureWrite(target, () => target.settings.put({ key: 'study', value: { newPerDay: 99 } }));
    const backup = await loadBackupFile(blob);
    const plan = await planRestore(target, backup, 'replace');
    expect(describePlan(plan)).toBe('Replace: 1 deck, 30 cards, 0 reviews will be replaced by 3 decks, 18 cards, 8 reviews.');
    expect(describeDetails(plan)).toBe('Everything now on this device is removed. Settings (1 → 2) and images (0 → 2) are replaced too.');
    // Planning reads only.
    expect(await target.cards.count()).toBe(30);
    await applyRestore(target, backup, 'replace');
    await expectSameData(target, source);
    expect(await target.decks.get('other')).toBeUndefined();
  });

  it('restores an empty database to empty', async () => {
    const { blob, counts } = await createBackup(freshDb(), { appVersion: 'x' });
    expect(counts).toEqual({ decks: 0, cards: 0, reviewLogs: 0, settings: 0, media: 0 });
    const target = await seededDb('d', 3);
    await applyRestore(target, await loadBackupFile(blob), 'replace');
    expect(await snapshot(target)).toEqual({ decks: [], cards: [], reviewLogs: [], settings: [], media: [] });
  });

  it('handles a larger collection in pages', async () => {
    const source = await seededDb('big', 3000);
    const logs = Array.from({ length: 6000 }, (_, i) => ({
      id: `0190${String(i).padStart(8, '0')}`,
      cardId: `big-c${i % 3000}`,
      deckId: 'big',
      rating: 3,
      review: NOON + i,
      duration: 1000,
      state: 0,
      due: NOON,
      stability: 1,
      difficulty: 5,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      before: { due: NOON, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 0, lastReview: null }
    }));
    await fixtureWrite(source, () => source.reviewLogs.bulkAdd(logs));
    const { blob } = await createBackup(source, { appVersion: 'x', pageSize: 500 });
    const target = freshDb();
    await applyRestore(target, await loadBackupFile(blob), 'replace');
    await expectSameData(target, source);
  });

  it('names the file with the date', () => {
    expect(backupFileName(new Date(2026, 0, 5, 23, 59))).toBe('interview-flashcards-backup-2026-01-05.json');
  });
});
