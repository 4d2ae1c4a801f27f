import { describe, expect, it } from 'vitest';
import { compareWithMarker, parseMarker, type DatabaseMarker } from '../../src/lib/backup/auto/marker';

const marker: DatabaseMarker = { dbId: 'db-a', latestLogId: '0190aaaa-0000-7000-8000-000000000005', reviews: 120, cards: 12000, at: 1 };

describe('start-up comparison of the database with its marker', () => {
  it('says nothing to a new user (no marker), whatever the database holds', () => {
    expect(compareWithMarker(null, { dbId: null, latestLogId: null })).toEqual({ kind: 'first-run' });
    expect(compareWithMarker(null, { dbId: 'x', latestLogId: 'y' })).toEqual({ kind: 'first-run' });
  });

  it('finds a database that came back empty (no id) or was recreated earlier (another id)', () => {
    expect(compareWithMarker(marker, { dbId: null, latestLogId: null })).toEqual({ kind: 'lost', marker });
    expect(compareWithMarker(marker, { dbId: 'db-b', latestLogId: '0190ffff-0000-7000-8000-000000000000' })).toEqual({ kind: 'replaced', marker });
  });

  it('finds the same database younger than recorded: its newest answer is older, or all answers are gone', () => {
    expect(compareWithMarker(marker, { dbId: 'db-a', latestLogId: '0190aaaa-0000-7000-8000-000000000004' }).kind).toBe('rolled-back');
    expect(compareWithMarker(marker, { dbId: 'db-a', latestLogId: null }).kind).toBe('rolled-back');
  });

  it('accepts the same database with the same or newer answers', () => {
    expect(compareWithMarker(marker, { dbId: 'db-a', latestLogId: marker.latestLogId })).toEqual({ kind: 'ok' });
    expect(compareWithMarker(marker, { dbId: 'db-a', latestLogId: '0190aaab-0000-7000-8000-000000000000' })).toEqual({ kind: 'ok' });
    expect(compareWithMarker({ ...marker, latestLogId: null }, { dbId: 'db-a', latestLogId: null })).toEqual({ kind: 'ok' });
  });

  it('ignores a damaged marker', () => {
    expect(parseMarker('{"dbId":')).toBeNull();
    expect(parseMarker('{"x":1}')).toBeNull();
    expect(parseMarker(JSON.stringify(marker))).toEqual(marker);
  });
});
