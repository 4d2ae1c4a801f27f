/** "in 8 minutes (at 14:32)", "tomorrow at 04:00", "on Mon 3 Dec": when something is due, for people. */
export function describeWhen(when: number, now: number): string {
  const minutes = Math.round((when - now) / 60000);
  const at = new Date(when);
  const clock = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${clock})`;
  const today = new Date(now);
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  if (at.toDateString() === today.toDateString()) return `today at ${clock}`;
  if (at.toDateString() === tomorrow.toDateString()) return `tomorrow at ${clock}`;
  return `on ${at.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}`;
}
