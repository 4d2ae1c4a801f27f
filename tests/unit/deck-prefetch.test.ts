import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchBuiltinDeck, prefetchManifest, prefetchedOrFetch } from '../../src/lib/decks/prefetch';

/** A fetch that answers only when told, and rejects with an AbortError when its signal aborts (as browsers do). */
function pendingFetch() {
  return vi.fn(
    (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('signal is aborted without reason', 'AbortError')));
      })
  );
}

/** Rejections nobody handled while `run` and the next turns of the event loop ran. */
async function unhandledDuring(run: () => void | Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

describe('built-in deck prefetch', () => {
  it('a prefetch cancelled because the database was there leaves no unhandled rejection', async () => {
    vi.stubGlobal('fetch', pendingFetch());
    const unhandled = await unhandledDuring(() => {
      const cancel = prefetchBuiltinDeck('', 'networking');
      cancel();
    });
    expect(unhandled).toEqual([]);
  });

  it('a manifest download that fails offline leaves no unhandled rejection, and the merge still sees the failure', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
    );
    const unhandled = await unhandledDuring(async () => {
      expect(await prefetchManifest('/offline')).toBeNull();
    });
    expect(unhandled).toEqual([]);
    // The merge takes the stored download; it fails again on its own fetch, and says so.
    const merge = prefetchedOrFetch('/offline/decks/manifest.json');
    await expect(merge).rejects.toThrow('Failed to fetch');
  });
});
