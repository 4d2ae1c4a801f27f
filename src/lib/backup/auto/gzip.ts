import { AsyncGzip, gunzipSync } from 'fflate';

/** A small Blob (an increment, a digest) gzipped. */
export async function gzipBlob(blob: Blob): Promise<Blob> {
  const writer = gzipWriter();
  writer.write(await blob.text());
  return writer.finish();
}

/** Set when the worker failed (for example a Content-Security-Policy without `worker-src blob:`). */
let workerFailed = false;

export interface GzipWriter {
  /** Adds text (UTF-8) to the compressed stream; the work happens off the main thread where possible. */
  write(text: string): void;
  /** Ends the stream: the whole compressed file. */
  finish(): Promise<Blob>;
  /** Drops the stream (the backup failed). */
  abort(): void;
}

/**
 * A gzip stream fed with text as it is produced, so the uncompressed file never exists whole
 * (not even as a Blob, whose construction copies every byte on the main thread). fflate's
 * AsyncGzip compresses in a Web Worker; without workers, CompressionStream does it.
 */
export function gzipWriter(): GzipWriter {
  const encoder = new TextEncoder();
  if (typeof Worker !== 'undefined' && !workerFailed) {
    try {
      return workerGzipWriter(encoder);
    } catch (error) {
      workerFailed = true;
      console.warn('gzip worker unavailable, compressing on the page:', error);
    }
  }
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const result = new Response(stream.readable).blob();
  let failed: unknown = null;
  return {
    write(text) {
      writer.write(encoder.encode(text)).catch((e) => (failed = e));
    },
    async finish() {
      await writer.close();
      if (failed) throw failed;
      return result;
    },
    abort() {
      writer.abort().catch(() => undefined);
    }
  };
}

function workerGzipWriter(encoder: TextEncoder): GzipWriter {
  const out: Uint8Array<ArrayBuffer>[] = [];
  let fail: (e: unknown) => void = () => undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  done.catch(() => undefined);
  const gzip = new AsyncGzip({ level: 6 }, (err, chunk, final) => {
    if (err) {
      workerFailed = true; // the next attempt compresses with CompressionStream
      return fail(err);
    }
    out.push(chunk);
    if (final) finish();
  });
  return {
    write(text) {
      gzip.push(encoder.encode(text));
    },
    async finish() {
      gzip.push(new Uint8Array(0), true);
      try {
        await done;
      } finally {
        gzip.terminate();
      }
      return new Blob(out, { type: 'application/gzip' });
    },
    abort() {
      gzip.terminate();
    }
  };
}

/** The uncompressed bytes of a gzip Blob (native stream where available). */
export async function gunzipBlob(blob: Blob): Promise<Blob> {
  if (typeof DecompressionStream !== 'undefined') {
    return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
  }
  return new Blob([gunzipSync(new Uint8Array(await blob.arrayBuffer()))]);
}
