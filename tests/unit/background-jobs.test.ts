// The page's side of the background jobs worker: a job's answer comes back by id, and a worker that
// cannot start (or stops) has its jobs run on the page instead, once each.
import { afterEach, describe, expect, it, vi } from 'vitest';

type Listener = ((event: unknown) => void) | null;

/** A stand-in for the browser's Worker: records what the page posts; the test answers for it. */
class FakeWorker {
  static made: FakeWorker[] = [];
  posted: { type: string; id: number; job?: unknown }[] = [];
  onmessage: Listener = null;
  onerror: Listener = null;
  terminated = false;
  constructor(readonly url: URL) {
    FakeWorker.made.push(this);
  }
  postMessage(message: { type: string; id: number }) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  answer(data: unknown) {
    this.onmessage?.({ data });
  }
  fail(message: string) {
    this.onerror?.({ message, preventDefault() {} });
  }
}

async function freshModule() {
  vi.resetModules();
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  return import('../../src/lib/app/background-jobs');
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('background jobs', () => {
  it("resolves each job with the worker's answer for its id, and ends the worker once idle", async () => {
    vi.useFakeTimers();
    const { runInBackground } = await freshModule();
    const onPage = vi.fn(async () => -1);
    const merge = runInBackground({ kind: 'merge-decks', baseUrl: 'http://x', decks: [], now: 1 }, onPage);
    const index = runInBackground({ kind: 'build-index' }, onPage);
    const [w] = FakeWorker.made;
    expect(FakeWorker.made).toHaveLength(1);
    expect(String(w.url)).toContain('background.worker');
    const [first, second] = w.posted;
    w.answer({ type: 'done', id: second.id, result: 0 });
    w.answer({ type: 'failed', id: first.id, message: 'Error: could not load deck a.json (HTTP 404)' });
    await expect(index).resolves.toBe(0);
    await expect(merge).rejects.toThrow('could not load deck a.json (HTTP 404)');
    expect(onPage).not.toHaveBeenCalled();
    expect(w.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.terminated).toBe(true);
  });

  it('runs the jobs on the page when the worker stops, and starts a new worker for the next job', async () => {
    const { runInBackground } = await freshModule();
    const onPage = vi.fn(async () => 3);
    const merge = runInBackground({ kind: 'merge-decks', baseUrl: 'http://x', decks: [], now: 1 }, onPage);
    FakeWorker.made[0].fail('could not be started');
    await expect(merge).resolves.toBe(3);
    expect(onPage).toHaveBeenCalledTimes(1);
    expect(FakeWorker.made[0].terminated).toBe(true);
    void runInBackground({ kind: 'build-index' }, onPage);
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('runs on the page where there are no workers', async () => {
    const { runInBackground } = await freshModule();
    vi.stubGlobal('Worker', undefined);
    await expect(runInBackground({ kind: 'build-index' }, async () => 7)).resolves.toBe(7);
  });
});
