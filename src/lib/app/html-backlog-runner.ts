import type { FlashcardDatabase } from '../db/database';

/** Cards read per idle slice: a slice renders at most this many, so input is never held up long. */
const BATCH = 20;

let running: Promise<void> | null = null;

/**
 * Renders stored HTML for cards that lack it (src/lib/cards/html-backlog.ts), a few cards per
 * idle period. Started when the app opens the database and after writes of card text; one
 * runner at a time. The renderer is only loaded when there is a backlog.
 */
export function renderBacklogWhenIdle(db: FlashcardDatabase): Promise<void> {
  running ??= drain(db)
    .catch((error) => console.warn('card HTML not prepared:', error))
    .finally(() => (running = null));
  return running;
}

/** After a write that stored card text without HTML: remember it, and render in the background. */
export async function cardTextWritten(db: FlashcardDatabase): Promise<void> {
  const { markHtmlBacklog } = await import('../cards/html-backlog');
  await markHtmlBacklog(db);
  // A runner on its way out may have read the flag before this mark: start again after it.
  if (running) void running.then(() => renderBacklogWhenIdle(db));
  else void renderBacklogWhenIdle(db);
}

async function drain(db: FlashcardDatabase): Promise<void> {
  const { htmlBacklog, renderHtmlBatch, clearHtmlBacklog } = await import('../cards/html-backlog');
  let seen = await htmlBacklog(db);
  if (seen === null) return;
  const { renderMarkdown } = await import('../render/markdown');
  for (;;) {
    let lastId: string | null = null;
    do {
      await idle();
      ({ lastId } = await renderHtmlBatch(db, renderMarkdown, lastId, BATCH));
    } while (lastId !== null);
    // Marked again during the pass (another import): go over the cards once more.
    if (await clearHtmlBacklog(db, seen)) return;
    seen = await htmlBacklog(db);
    if (seen === null) return;
  }
}

function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 5000 });
    else setTimeout(resolve, 50);
  });
}
