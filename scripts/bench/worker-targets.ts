/**
 * The page's dedicated workers over its CDP session (the sync engine runs in one: sync.worker.ts).
 * Playwright's CDPSession speaks only to its page, so the workers are attached in CDP's
 * non-flattened mode: commands go inside Target.sendMessageToTarget and their answers come back
 * as Target.receivedMessageFromTarget events, all on the page's own session.
 */
import type { CDPSession } from '@playwright/test';

export interface WorkerTarget {
  sessionId: string;
  url: string;
}

export interface WorkerTargets {
  /** The workers attached now (a worker that ended is gone). */
  list(): WorkerTarget[];
  /** A CDP command in a worker. */
  send<T = any>(sessionId: string, method: string, params?: Record<string, unknown>): Promise<T>;
}

/** Attaches to the page's workers, the ones running now and every one started later. */
export async function attachWorkers(cdp: CDPSession): Promise<WorkerTargets> {
  const workers = new Map<string, WorkerTarget>();
  const waiting = new Map<number, { sessionId: string; resolve: (v: any) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.set(e.sessionId, { sessionId: e.sessionId, url: e.targetInfo.url });
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    if (!e.sessionId) return;
    workers.delete(e.sessionId);
    // A command in flight to a worker that ended is never answered.
    for (const [id, pending] of waiting)
      if (pending.sessionId === e.sessionId) {
        waiting.delete(id);
        pending.reject(new Error('the worker ended'));
      }
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const pending = message.id !== undefined ? waiting.get(message.id) : undefined;
    if (!pending) return;
    waiting.delete(message.id!);
    if (message.error) pending.reject(new Error(message.error.message));
    else pending.resolve(message.result);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return {
    list: () => [...workers.values()],
    send(sessionId, method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { sessionId, resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((error: Error) => {
          waiting.delete(id);
          reject(error);
        });
      });
    }
  };
}

/** The sync engine's worker among the page's workers (its bundle is named after sync.worker.ts), if it runs. */
export function syncWorker(targets: WorkerTargets): WorkerTarget | undefined {
  const all = targets.list();
  return all.find((w) => /sync\.worker/.test(w.url)) ?? (all.length === 1 ? all[0] : undefined);
}
