import type { MediaRow } from '../../db/schema';
import { blobToBase64 } from '../base64';
import { TABLE_NAMES, countsOf, withoutStoredHtml, type BackupHeader, type BackupTables, type EncodedMediaRow } from '../format';

/**
 * Rows held in memory (an increment's few) as a backup file in the one-row-per-line layout
 * that write.ts produces and read.ts reads. Extra header fields go in `extra`.
 */
export async function encodeBackup(header: Omit<BackupHeader, 'counts'>, tables: BackupTables, extra: Record<string, unknown> = {}): Promise<Blob> {
  const media: EncodedMediaRow[] = [];
  for (const row of tables.media as MediaRow[]) media.push({ ...row, data: { type: row.data.type, base64: await blobToBase64(row.data) } });
  const rows: Record<string, unknown[]> = { ...tables, cards: tables.cards.map(withoutStoredHtml), media };
  const full = { ...header, counts: countsOf(rows as Record<(typeof TABLE_NAMES)[number], unknown[]>), ...extra };
  const parts: string[] = [`${JSON.stringify(full).slice(0, -1)},"tables":{\n`];
  TABLE_NAMES.forEach((name, i) => {
    const list = rows[name];
    parts.push(`${JSON.stringify(name)}:[\n`);
    if (list.length) parts.push(list.map((r) => JSON.stringify(r)).join(',\n'), '\n');
    parts.push(i === TABLE_NAMES.length - 1 ? ']\n' : '],\n');
  });
  parts.push('}}\n');
  return new Blob(parts, { type: 'application/json' });
}
