import { describe, expect, it } from 'vitest';
import { isOutOfSpace, writeErrorMessage } from '../../src/lib/db/write-errors';

const dom = (name: string, message: string) => new DOMException(message, name);
// What Chromium 156 reported on a full tmpfs (docs/STORAGE.md).
const ioError = dom(
  'UnknownError',
  'Connection is closing because of: IO error: .../http_127.0.0.1_4185.indexeddb.leveldb/000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)'
);
const fullOnOpen = dom('QuotaExceededError', 'Encountered full disk while opening backing store for indexedDB.open.');
const reopenFailed = dom('UnknownError', 'Internal error opening backing store for indexedDB.open.');
const bareAbort = dom('AbortError', 'The transaction was aborted, so the request cannot be fulfilled.');
/** Dexie wraps the browser's error as `inner`. */
const dexie = (inner: unknown) => Object.assign(new Error(`OpenFailedError ${String(inner)}`), { name: 'OpenFailedError', inner });

describe('a failed write, in words', () => {
  it('recognises space errors by name, by message and inside Dexie wrappers', () => {
    const healthy = { connectionLost: false };
    expect(isOutOfSpace(dom('QuotaExceededError', ''), healthy)).toBe(true);
    expect(isOutOfSpace(ioError, healthy)).toBe(true);
    expect(isOutOfSpace(fullOnOpen, healthy)).toBe(true);
    expect(isOutOfSpace(dexie(ioError), healthy)).toBe(true);
    expect(isOutOfSpace(new Error('ENOSPC: no space left on device'), healthy)).toBe(true);
  });

  it('counts a failed reopen or a bare abort as space only after the browser closed the connection', () => {
    for (const error of [reopenFailed, bareAbort, dexie(reopenFailed)]) {
      expect(isOutOfSpace(error, { connectionLost: false })).toBe(false);
      expect(isOutOfSpace(error, { connectionLost: true })).toBe(true);
    }
    expect(isOutOfSpace(dom('ConstraintError', 'Key already exists in the object store.'), { connectionLost: true })).toBe(false);
  });

  it('says it in one sentence for space, and keeps any other reason, never empty', () => {
    expect(writeErrorMessage(ioError, { connectionLost: false })).toBe(
      'Your device is out of storage space. Free some space (delete files or apps you do not need) and try again.'
    );
    expect(writeErrorMessage(new Error('the deck to import into no longer exists'), { connectionLost: false })).toBe(
      'the deck to import into no longer exists'
    );
    expect(writeErrorMessage(dom('UnknownError', ''), { connectionLost: false })).toBe("the browser's storage reported UnknownError without saying why");
    expect(writeErrorMessage(Object.assign(new Error(''), { inner: dom('DataError', 'bad key') }), { connectionLost: false })).toBe('bad key');
    expect(writeErrorMessage(undefined, { connectionLost: false })).toBe('the browser gave no reason');
  });
});
