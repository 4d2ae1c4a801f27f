import { AsyncGzip, gunzipSync } from 'fflate';

/**
 * gzip a Blob as a stream. In the browser fflate compresses in a Web Worker, so the page's main
 * thread only hands chunks over; where workers are missing or blocked, the native
 * CompressionStream does it (in small chunks, so never one long pause).
 */
export async function gzipBlob(blob: Blob): Promise<Blob> {
  if (typeof Worker !== 'undefined') {
    try {
      return await gzipInWorker(blob);
    } catch (error) {
      console.warn('gzip worker unavailable, compressing on the page:', error);
    }
  }
  return new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

const QUEUE_LIMIT = 4 << 20;

async function gzipInWorker(blob: Blob): Promise<Blob> {
  const out: Uint8Array<ArrayBuffer>[] = [];
  let fail: (e: unknown) => void = () => undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const gzip = new AsyncGzip({ level: 6 }, (err, chunk, final) => {
    if (err) return fail(err);
    out.push(chunk);
    if (final) finish();
  });
  try {
    const reader = blob.stream().getReader();
    let previous: Uint8Array | null = null;
    for (;;) {
      const { value, done: end } = await reader.read();
      // push(last, true) needs to know which chunk is the last: keep one back.
      if (end) {
        gzip.push(previous ?? new Uint8Array(0), true);
        break;
      }
      if (previous) gzip.push(previous);
      previous = value;
      // Hand the worker at most a few MB at a time, so memory holds little uncompressed text.
      while (gzip.queuedSize > QUEUE_LIMIT) await Promise.race([new Promise<void>((resolve) => (gzip.ondrain = () => resolve())), done]);
    }
    await done;
  } finally {
    gzip.terminate();
  }
  return new Blob(out, { type: 'application/gzip' });
}

/** The uncompressed bytes of a gzip Blob (native stream where available). */
export async function gunzipBlob(blob: Blob): Promise<Blob> {
  if (typeof DecompressionStream !== 'undefined') {
    return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
  }
  return new Blob([gunzipSync(new Uint8Array(await blob.arrayBuffer()))]);
}
