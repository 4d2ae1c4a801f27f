/**
 * How much room the app has left, from the browser's estimate. Below LOW_BYTES or LOW_SHARE of
 * the quota left, the user is warned before writes start failing. The estimate may not reflect
 * the real disk (Chromium's quota is a share of the disk it measured, not what is free now), so a
 * write that failed for space is the stronger signal: it sets 'full' whatever the estimate says.
 */
export type HeadroomLevel = 'ok' | 'low' | 'full';

/** Warn when less than 50 MB is left… */
export const LOW_BYTES = 50 * 1024 * 1024;
/** …or less than 10% of what the browser lets the app use. */
export const LOW_SHARE = 0.1;

/** Bytes left for the app, or null when the browser does not say. */
export function remainingBytes(estimate: { usage?: number; quota?: number } | null): number | null {
  if (!estimate || typeof estimate.usage !== 'number' || typeof estimate.quota !== 'number' || estimate.quota <= 0) return null;
  return Math.max(0, estimate.quota - estimate.usage);
}

export function headroomLevel(estimate: { usage?: number; quota?: number } | null): HeadroomLevel {
  const left = remainingBytes(estimate);
  if (left === null) return 'ok';
  return left < LOW_BYTES || left < LOW_SHARE * estimate!.quota! ? 'low' : 'ok';
}

/** One sentence for the status bar and Settings, or null when there is room. */
export function headroomWarning(level: HeadroomLevel, remaining: number | null, format: (bytes: number) => string): string | null {
  if (level === 'full') return 'Your device is out of storage space: changes cannot be saved until you free some space.';
  if (level === 'low')
    return `Storage is almost full${remaining === null ? '' : ` (${format(remaining)} left)`}. Free some space on this device before your answers stop being saved.`;
  return null;
}
