// The sync worker's errors reach the page's runner with what its messages read (runner.ts
// describe()): the HTTP status, PouchDB's reason, and fetch's TypeError for "no answer".
import { describe, expect, it } from 'vitest';
import { fromFailure, toFailure } from '../../src/lib/sync/engine/worker-protocol';

const across = (error: unknown) => fromFailure(structuredClone(toFailure(error)));

describe('sync worker errors', () => {
  it('a fetch that got no answer stays a TypeError', () => {
    const error = across(new TypeError('Failed to fetch'));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('Failed to fetch');
  });

  it("PouchDB's status, name and reason are kept", () => {
    const pouch = Object.assign(new Error('Name or password is incorrect.'), { status: 401, name: 'unauthorized', reason: 'Name or password is incorrect.' });
    const error = across(pouch) as Error & { status?: number; reason?: string };
    expect(error).not.toBeInstanceOf(TypeError);
    expect([error.status, error.name, error.reason, error.message]).toEqual([
      401,
      'unauthorized',
      'Name or password is incorrect.',
      'Name or password is incorrect.'
    ]);
  });

  it('a disk-guard refusal keeps its words, and a thrown string its text', () => {
    const refused = across(
      new DOMException('Your device is out of storage space. The app stopped saving before the disk was completely full.', 'QuotaExceededError')
    );
    expect([refused.name, refused.message]).toEqual([
      'QuotaExceededError',
      'Your device is out of storage space. The app stopped saving before the disk was completely full.'
    ]);
    expect(across('tab closed').message).toBe('tab closed');
  });
});
