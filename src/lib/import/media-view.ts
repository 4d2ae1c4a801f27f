import { database } from '../db/database';

/** Finds an imported image by its media id (the data-media attribute of an <img>). */
export type MediaResolver = (id: string) => Promise<Blob | undefined>;

/** Images stored by an import, read from IndexedDB (works offline). */
export const storedMedia: MediaResolver = async (id) => (await database().media.get(id))?.data;

const SHOWABLE = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

/**
 * Points every <img data-media> under `root` at an object URL of its stored Blob. Only
 * raster image types are shown (never SVG or HTML, whatever a file claims). Returns a cleanup
 * that revokes the URLs.
 */
export function showMedia(root: HTMLElement, resolve: MediaResolver = storedMedia): () => void {
  const urls: string[] = [];
  let done = false;
  root.querySelectorAll<HTMLImageElement>('img[data-media]').forEach((img) => {
    const id = img.getAttribute('data-media') ?? '';
    resolve(id)
      .then((blob) => {
        if (done) return;
        if (!blob || !SHOWABLE.test(blob.type)) {
          img.replaceWith(document.createTextNode(`[image: ${img.alt || 'missing'}]`));
          return;
        }
        const url = URL.createObjectURL(blob);
        urls.push(url);
        img.src = url;
      })
      .catch(() => {});
  });
  return () => {
    done = true;
    urls.forEach((u) => URL.revokeObjectURL(u));
  };
}
