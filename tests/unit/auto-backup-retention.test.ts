import { describe, expect, it } from 'vitest';
import type { BackupEntry } from '../../src/lib/backup/auto/catalog';
import { backupsToKeep, filesToDelete } from '../../src/lib/backup/auto/retention';

const DAY = 86_400_000;
// Local times: a Wednesday at 09:00.
const start = new Date(2026, 0, 7, 9).getTime();

function entry(at: number, kind: BackupEntry['kind'] = 'full', base?: string, dbId = 'db-a'): BackupEntry {
  const id = `b${at}`;
  return {
    id,
    kind,
    createdAt: at,
    base,
    dbId,
    appVersion: 't',
    size: 1,
    totals: { decks: 1, cards: 1, reviewLogs: 1, settings: 1, media: 0 },
    latestLogId: null
  };
}

describe('automatic backup retention (last 7 days, last 4 weeks)', () => {
  it('keeps the newest backup of each of the last 7 days with one and of each of the last 4 weeks', () => {
    // Two backups a day (morning and evening) for 60 days.
    const entries = Array.from({ length: 60 }, (_, d) => [entry(start + d * DAY), entry(start + d * DAY + 10 * 3_600_000)]).flat();
    const keep = backupsToKeep(entries);
    const kept = entries.filter((e) => keep.has(e.id)).map((e) => new Date(e.createdAt).toString());
    // Day 59 is Saturday 7 March 2026. Daily: the evening backups of 1-7 March. Weekly (weeks
    // start on Monday): 2-8 March and 23 Feb-1 March are already kept by the daily ones; then
    // the Sunday evenings of 22 and 15 February.
    const evening = (month: number, day: number) => new Date(2026, month, day, 19).toString();
    const expected = [...[7, 6, 5, 4, 3, 2, 1].map((d) => evening(2, d)), evening(1, 22), evening(1, 15)];
    expect(kept.sort()).toEqual(expected.sort());
  });

  it('keeps the snapshot that every kept increment applies to, even when it is old', () => {
    const full = entry(start);
    const incs = Array.from({ length: 6 }, (_, d) => entry(start + (d + 1) * DAY, 'incremental', full.id));
    const old = entry(start - 20 * DAY);
    const keep = backupsToKeep([old, full, ...incs], { days: 2, weeks: 1 });
    expect([...keep].sort()).toEqual([full.id, incs[4].id, incs[5].id].sort());
  });

  it('keeps the newest backup of every database, so backups of a fresh database never push out the lost one', () => {
    const lost = entry(start, 'full', undefined, 'db-old');
    const fresh = Array.from({ length: 10 }, (_, d) => entry(start + (d + 1) * DAY, 'full', undefined, 'db-new'));
    const keep = backupsToKeep([lost, ...fresh], { days: 3, weeks: 1 });
    expect(keep.has(lost.id)).toBe(true);
  });

  it("deletes the files of dropped backups and cut-off writes, never a kept backup's", () => {
    const a = entry(start);
    const b = entry(start + DAY, 'incremental', a.id);
    const names = [
      `${a.id}.full.json.gz`,
      `${a.id}.digest.json.gz`,
      `${a.id}.meta.json`,
      `${b.id}.incremental.json.gz`,
      `${b.id}.meta.json`,
      'cut-off.full.json.gz'
    ];
    expect(filesToDelete(names, [a, b], new Set([a.id]))).toEqual([`${b.id}.incremental.json.gz`, `${b.id}.meta.json`, 'cut-off.full.json.gz']);
  });
});
