/**
 * A synthetic Anki package for the import benchmark, made in Node with the libraries the app
 * uses (sql.js for the collection, the zip writer of the test fixtures): `notes` Basic notes with
 * one card each, and `reviews` revlog rows spread over the cards that have history (answers over
 * the last two years, mostly Good), the cards' Anki scheduling set to match.
 */
import initSqlJs from 'sql.js';
import { ankiPackage } from '../../tests/fixtures/import/hostile';
import { prng } from './generate';
import { LEGACY_ANKI_TABLES } from '../../tests/fixtures/import/anki-legacy-schema';

const DAY = 86_400_000;

export async function generateApkg(notes: number, reviews: number, seed: number, now = Date.now()): Promise<Uint8Array> {
  const rand = prng(seed);
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(LEGACY_ANKI_TABLES);
  const mid = 1600000000001;
  const did = 1600000009999;
  const crt = Math.floor((now - 3 * 365 * DAY) / 1000);
  const models = {
    [mid]: {
      id: mid,
      name: 'Basic',
      type: 0,
      css: '.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }',
      flds: [
        { name: 'Front', ord: 0 },
        { name: 'Back', ord: 1 }
      ],
      tmpls: [{ name: 'Card 1', ord: 0, qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }]
    }
  };
  db.run('INSERT INTO col VALUES (1, ?, 0, 0, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
    crt,
    '{}',
    JSON.stringify(models),
    JSON.stringify({ [did]: { id: did, name: 'Bench::Anki' } }),
    '{}',
    '{}'
  ]);
  const perCard = 10;
  const reviewed = Math.min(notes, Math.ceil(reviews / perCard));
  const note = db.prepare('INSERT INTO notes VALUES (?,?,?,0,-1,?,?,?,0,0,?)');
  const card = db.prepare('INSERT INTO cards VALUES (?,?,?,0,0,-1,?,?,?,?,?,?,0,0,0,0,0,?)');
  const log = db.prepare('INSERT INTO revlog VALUES (?,?,-1,?,?,?,?,?,?)');
  db.run('BEGIN');
  let written = 0;
  let revlogId = now - 2 * 365 * DAY;
  for (let i = 0; i < notes; i++) {
    const nid = 1600000100000 + i;
    const cid = 1600001000000 + i;
    const front = `Question ${i}: what does term ${Math.floor(rand() * 1e6).toString(36)} mean?`;
    note.run([nid, `bench${i.toString(36)}`, mid, ' bench ', `${front}\x1fAnswer ${i} with <b>some</b> detail`, front, '']);
    if (i < reviewed) {
      const count = Math.min(perCard, reviews - written);
      let ivl = 0;
      for (let k = 0; k < count; k++) {
        const ease = rand() < 0.1 ? 1 : rand() < 0.1 ? 2 : rand() < 0.9 ? 3 : 4;
        const lastIvl = ivl;
        ivl = ease === 1 ? 1 : Math.max(1, Math.round((ivl || 1) * (ease === 2 ? 1.2 : ease === 3 ? 2.5 : 3.5)));
        revlogId += 1 + Math.floor(rand() * 100_000);
        log.run([revlogId, cid, ease, ivl, lastIvl, 2500, 2000 + Math.floor(rand() * 8000), k === 0 ? 0 : 1]);
      }
      written += count;
      const dueDay = Math.floor((now - crt * 1000) / DAY) + Math.floor(rand() * 30) - 5;
      card.run([cid, nid, did, 2, 2, dueDay, ivl, 2500, count, '']);
    } else card.run([cid, nid, did, 0, 0, i, 0, 0, 0, '']);
  }
  db.run('COMMIT');
  for (const s of [note, card, log]) s.free();
  const bytes = db.export();
  db.close();
  return ankiPackage(bytes);
}
