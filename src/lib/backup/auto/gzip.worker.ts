/// <reference lib="webworker" />
import { Gzip } from 'fflate';

/**
 * Compresses the automatic backup off the page's thread: the page posts UTF-8 pieces as they are
 * produced (transferred, not copied) and `null` at the end; the worker posts the gzip file back.
 */
const out: Uint8Array[] = [];
const gzip = new Gzip({ level: 6 }, (chunk) => out.push(chunk));

self.onmessage = (event: MessageEvent<Uint8Array | null>) => {
  try {
    if (event.data) {
      gzip.push(event.data);
      return;
    }
    gzip.push(new Uint8Array(0), true);
    self.postMessage({ blob: new Blob(out as BlobPart[], { type: 'application/gzip' }) });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
