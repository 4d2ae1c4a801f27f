import { database } from '../db/database';

/** Finds an imported image or sound by its media id (the data-media attribute of an <img> or <audio>). */
export type MediaResolver = (id: string) => Promise<Blob | undefined>;

/** Media stored by an import, read from IndexedDB (works offline). */
export const storedMedia: MediaResolver = async (id) => (await database().media.get(id))?.data;

const SHOWABLE = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;
const PLAYABLE = /^audio\/(mpeg|ogg|wav|mp4|aac|flac|webm)$/;

/**
 * Points every <img data-media> and <audio data-media> under `root` at an object URL of its
 * stored Blob. Only raster image types are shown and only sound types played (never SVG or
 * HTML, whatever a file claims). Returns a cleanup that revokes the URLs.
 */
export function showMedia(root: HTMLElement, resolve: MediaResolver = storedMedia): () => void {
  const urls: string[] = [];
  let done = false;
  root.querySelectorAll<HTMLImageElement | HTMLAudioElement>('img[data-media], audio[data-media]').forEach((el) => {
    const id = el.getAttribute('data-media') ?? '';
    const isImage = el instanceof HTMLImageElement;
    resolve(id)
      .then((blob) => {
        if (done) return;
        if (!blob || !(isImage ? SHOWABLE : PLAYABLE).test(blob.type)) {
          const label = isImage ? `[image: ${el.alt || 'missing'}]` : `[${el.getAttribute('aria-label') || 'sound: missing'}]`;
          el.replaceWith(document.createTextNode(label));
          return;
        }
        const url = URL.createObjectURL(blob);
        urls.push(url);
        el.src = url;
      })
      .catch(() => {});
  });
  return () => {
    done = true;
    urls.forEach((u) => URL.revokeObjectURL(u));
  };
}
