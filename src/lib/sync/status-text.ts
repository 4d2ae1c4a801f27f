// The sync status in words for the screen.
import type { SyncPhase, SyncProgress, SyncStatus } from './status';

const PHASES: Record<SyncPhase, string> = {
  off: 'Off',
  idle: 'On',
  syncing: 'Syncing…',
  offline: 'Waiting for the network',
  'needs-sign-in': 'Signed out: sign in again',
  'needs-passphrase': 'Needs the encryption passphrase',
  error: 'Failed'
};

/** What the progress bar is doing, in words. */
export function progressLabel(progress: SyncProgress): string {
  if (progress.stage === 'wait') return 'Waiting for another tab to finish syncing';
  if (progress.stage === 'local') return 'Getting changes ready';
  if (progress.stage === 'receive') return 'Receiving changes';
  return progress.direction === 'pull' ? 'Bringing changes to this device' : 'Sending changes';
}

/** " of 200", " of about 200" for a total worked out from sequence numbers, or nothing while unknown. */
export function progressTotal(progress: SyncProgress): string {
  return progress.total === null ? '' : ` of ${progress.estimated ? 'about ' : ''}${progress.total}`;
}

export interface StatusText {
  phase: string;
  lastSync: string;
  pending: string;
  error: string | null;
}

export function describeStatus(status: SyncStatus, now: number): StatusText {
  const progress = status.progress;
  const phase =
    status.phase === 'syncing' && progress?.stage === 'wait'
      ? 'Waiting for another tab…'
      : status.phase === 'syncing' && progress
        ? `${progress.direction === 'push' ? 'Sending' : 'Receiving'} ${progress.done}${progressTotal(progress)}…`
        : PHASES[status.phase];
  return {
    phase,
    lastSync: status.lastSyncAt === null ? 'Never' : ago(now - status.lastSyncAt, status.lastSyncAt),
    pending: status.pending === null ? 'Not counted yet' : status.pending === 0 ? 'None' : String(status.pending),
    error: status.error
  };
}

function ago(ms: number, at: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'Just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  return new Date(at).toLocaleString();
}
