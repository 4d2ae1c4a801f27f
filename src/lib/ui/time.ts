import { dateFormat } from '../date-format';

const clockOf = (at: Date) => dateFormat({ hour: '2-digit', minute: '2-digit' }).format(at);
const dayOf = (at: Date) => dateFormat({ weekday: 'short', day: 'numeric', month: 'short' }).format(at);

/** "in 8 minutes (at 14:32)", "tomorrow at 04:00", "on Mon 3 Dec": when something is due, for people. */
export function describeWhen(when: number, now: number): string {
  const minutes = Math.round((when - now) / 60000);
  if (minutes <= 0) return 'now';
  const at = new Date(when);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${clockOf(at)})`;
  const today = new Date(now);
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  if (at.toDateString() === today.toDateString()) return `today at ${clockOf(at)}`;
  if (at.toDateString() === tomorrow.toDateString()) return `tomorrow at ${clockOf(at)}`;
  return `on ${dayOf(at)}`;
}
