import { Workbox } from 'workbox-window';
import { answerUpdateRoomQuestions } from './update-room';

/**
 * Registers the service worker and follows its updates (loaded after the first screen, with
 * workbox-window): `waiting` when a new version is installed and waits for the user, `room` with
 * each answer to an update's question for disk space (update-room.ts).
 */
export function watchServiceWorker(
  swUrl: string,
  scope: string,
  on: { waiting: () => void; room: (room: boolean | null) => void }
): { workbox: Workbox; registered: Promise<void> } {
  answerUpdateRoomQuestions(on.room);
  const workbox = new Workbox(swUrl, { scope });
  workbox.addEventListener('waiting', on.waiting);
  return { workbox, registered: workbox.register().then((registration) => followUpdates(workbox, registration, on.waiting)) };
}

function followUpdates(workbox: Workbox, registration: ServiceWorkerRegistration | undefined, waiting: () => void): void {
  // workbox-window reports only the first update a page finds: it stops listening after one that
  // came more than a minute after registering, even when that install failed (no room for it,
  // the network gone mid-download). Every later install that ends up waiting is offered too.
  registration?.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      // A first install also passes "installed" on its way to activating: only one that waits is an update.
      if (worker.state === 'installed') setTimeout(() => registration.waiting === worker && waiting(), 200);
    });
  });
  // Look for a new version now and then, and when the app comes back to the foreground.
  setInterval(() => workbox.update(), 60 * 60 * 1000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') workbox.update();
  });
}
