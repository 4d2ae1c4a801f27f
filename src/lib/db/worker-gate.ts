// The disk guard across a worker's boundary. There is one guard per page (disk-guard-start.ts, with
// its probe and reserve): the page's. A worker that writes through the gateway (the sync worker,
// the background jobs worker) asks it before each transaction, and Dexie's own check inside a
// transaction uses what the page last answered, so a worker never probes or fills the disk itself.
import { diskNearlyFullError } from './write-errors';
import { gatewayWriteGate, gateWrites, writesRefused } from './write-outcomes';

/** Worker → page, before a gateway transaction of about `bytes`. */
export type GateRequest = { type: 'gate'; id: number; bytes?: number };
/** Page → worker: the write may go (`ok`) or is refused; `refusing` is what Dexie's check inside the transaction uses. */
export type GateReply = { type: 'gate'; id: number; ok: boolean; refusing: boolean };

export interface WorkerGate {
  /** Passes the page's reply to the transaction waiting for it. */
  reply(message: GateReply): void;
  /** A job starts with what the page's guard says now, for its writes before the first gate. */
  refuseUntilAsked(refusing: boolean): void;
}

/** In a worker: each gateway transaction first waits for `before` (the worker's own pacing), then asks the page. */
export function gateWritesThroughPage(post: (request: GateRequest) => void, before?: () => Promise<void>): WorkerGate {
  let nextId = 1;
  let refusing = false;
  const waiting = new Map<number, (reply: GateReply) => void>();
  gateWrites(
    async (bytes = 0) => {
      await before?.();
      return new Promise<void>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, (reply) => {
          refusing = reply.refusing;
          if (reply.ok) resolve();
          else reject(diskNearlyFullError());
        });
        post({ type: 'gate', id, bytes });
      });
    },
    () => refusing
  );
  return {
    reply(message) {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    },
    refuseUntilAsked(value) {
      refusing = value;
    }
  };
}

/** On the page: the disk guard's answer to a worker's request. */
export async function answerGateRequest(worker: Worker, request: GateRequest): Promise<void> {
  let ok = true;
  try {
    await gatewayWriteGate(request.bytes);
  } catch {
    ok = false;
  }
  worker.postMessage({ type: 'gate', id: request.id, ok, refusing: !ok || writesRefused() } satisfies GateReply);
}
