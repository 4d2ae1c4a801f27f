/**
 * Answers the service worker's question before it precaches an update (static/update-guard.js):
 * is there room for its files beside the disk guard's margin? A Cache Storage write that fails for
 * space evicts the whole origin on Chromium (docs/STORAGE.md), so the update waits for room.
 */
export const UPDATE_ROOM_QUESTION = 'room-for-update';

/** Hears each answer the page gives: true (room), false (no room: the update waits), null (cannot tell: it goes ahead). */
export type UpdateRoomListener = (room: boolean | null) => void;

/** Listens for the question on this page; `onAnswer` hears each answer given. */
export function answerUpdateRoomQuestions(onAnswer: UpdateRoomListener = () => undefined): void {
  if (!('serviceWorker' in navigator)) return;
  // One probe for the worker's repeated asking (it asks every second until a page answers).
  let answering: Promise<boolean | null> | null = null;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const question = event.data as { type?: unknown; bytes?: unknown } | null;
    const port = event.ports[0];
    if (question?.type !== UPDATE_ROOM_QUESTION || !port || typeof question.bytes !== 'number' || !(question.bytes >= 0)) return;
    const bytes = question.bytes;
    answering ??= import('../db/disk-guard-start')
      .then(({ roomFor }) => roomFor(bytes))
      .catch((error) => {
        console.warn('room for the update: cannot tell:', error);
        return null;
      })
      .finally(() => setTimeout(() => (answering = null), 0));
    void answering.then((room) => {
      onAnswer(room);
      port.postMessage({ room });
    });
  });
}
