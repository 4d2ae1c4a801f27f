import { describe, expect, it } from 'vitest';
import { noteConnectionLost, onConnectionLost, reloadNeeded, roomToReopen, sealLogIfNeeded, sealNeeded } from '../../src/lib/db/log-seal';

describe('sealing the log after a lost connection', () => {
  it('stops this page opening the database, and seals with a scratch database it deletes again', async () => {
    let stopped = 0;
    onConnectionLost(() => stopped++);
    expect(sealNeeded()).toBe(false);
    expect(await sealLogIfNeeded()).toBe(false); // nothing to seal: no database touched
    expect(await roomToReopen()).toBe(true);

    noteConnectionLost();
    noteConnectionLost();
    expect(stopped).toBe(1);
    expect(reloadNeeded()).toBe(true);
    expect(sealNeeded()).toBe(true);
    expect(await roomToReopen(false)).toBe(false); // no origin private file system here: cannot tell

    expect(await sealLogIfNeeded()).toBe(true);
    expect(sealNeeded()).toBe(false);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('interview-flashcards-seal');
  });
});
