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
 * (not even as a Blob, whose construction copies every byte on the main thread). The browser's
 * CompressionStream (native zlib, one short task per piece) does the work; fflate's streaming
 * gzip only where it is missing. Not fflate's worker: it starts from a `blob:` URL, which the
 * Content-Security-Policy (`worker-src 'self'`) refuses.
 */
export function gzipWriter(): GzipWriter {
  const encoder = new TextEncoder();
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
