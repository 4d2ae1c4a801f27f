import { Gzip, gunzipSync } from 'fflate';

/** A small Blob (an increment, a digest) gzipped. */
export async function gzipBlob(blob: Blob): Promise<Blob> {
  const writer = gzipWriter();
  writer.write(await blob.text());
  return writer.finish();
}

export interface GzipWriter {
  /** Adds text (UTF-8) to the compressed stream. */
  write(text: string): void;
  /** Ends the stream: the whole compressed file. */
  finish(): Promise<Blob>;
  /** Drops the stream (the backup failed). */
  abort(): void;
}

/**
 * A gzip stream fed with text as it is produced, so the uncompressed file never exists whole
 * (not even as a Blob, whose construction copies every byte on the main thread). A module worker
 * of the app's own (gzip.worker.ts: fflate, allowed by the CSP's `worker-src 'self'`, unlike
 * fflate's own `blob:` worker) compresses off the page's thread; without workers, the browser's
 * CompressionStream; without that, fflate on the page.
 */
export function gzipWriter(): GzipWriter {
  const encoder = new TextEncoder();
  if (typeof Worker !== 'undefined') {
    try {
      return workerGzipWriter(encoder);
    } catch {
      // no module workers here: compress on the page
    }
  }
  if (typeof CompressionStream === 'undefined') return fflateGzipWriter(encoder);
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
  const worker = new Worker(new URL('./gzip.worker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<Blob>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ blob?: Blob; error?: string }>) =>
      event.data.blob ? resolve(event.data.blob) : reject(new Error(event.data.error));
    worker.onerror = (event) => reject(new Error(event.message || 'the compression worker failed'));
  });
  result.catch(() => undefined);
  return {
    write(text) {
      const bytes = encoder.encode(text);
      worker.postMessage(bytes, [bytes.buffer]);
    },
    async finish() {
      worker.postMessage(null);
      try {
        return await result;
      } finally {
        worker.terminate();
      }
    },
    abort() {
      worker.terminate();
    }
  };
}

function fflateGzipWriter(encoder: TextEncoder): GzipWriter {
  const out: Uint8Array[] = [];
  const gzip = new Gzip({ level: 6 }, (chunk) => out.push(chunk));
  return {
    write(text) {
      gzip.push(encoder.encode(text));
    },
    async finish() {
      gzip.push(new Uint8Array(0), true);
      return new Blob(out as BlobPart[], { type: 'application/gzip' });
    },
    abort() {
      out.length = 0;
    }
  };
}

/** The uncompressed bytes of a gzip Blob (native stream where available). */
export async function gunzipBlob(blob: Blob): Promise<Blob> {
  if (typeof DecompressionStream !== 'undefined') {
    return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
  }
  return new Blob([gunzipSync(new Uint8Array(await blob.arrayBuffer())) as BlobPart]);
}
