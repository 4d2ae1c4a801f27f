import { describe, expect, it } from 'vitest';
import { describeWhen } from '../../src/lib/ui/time';

describe('describeWhen', () => {
  const now = new Date(2026, 11, 6, 10, 0).getTime();
  const clock = (d: Date) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

  it('says now for a time already past', () => {
    expect(describeWhen(now - 5_000, now)).toBe('now');
  });

  it('counts minutes within the hour, with the clock time', () => {
    const at = new Date(2026, 11, 6, 10, 8);
    expect(describeWhen(at.getTime(), now)).toBe(`in 8 minutes (at ${clock(at)})`);
    expect(describeWhen(now + 60_000, now)).toBe(`in 1 minute (at ${clock(new Date(now + 60_000))})`);
  });

  it('names today and tomorrow with the clock time, later days by date, as the locale writes them', () => {
    const today = new Date(2026, 11, 6, 18, 30);
    const tomorrow = new Date(2026, 11, 7, 4, 0);
    const later = new Date(2026, 11, 9, 4, 0);
    expect(describeWhen(today.getTime(), now)).toBe(`today at ${clock(today)}`);
    expect(describeWhen(tomorrow.getTime(), now)).toBe(`tomorrow at ${clock(tomorrow)}`);
    expect(describeWhen(later.getTime(), now)).toBe(`on ${later.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}`);
  });
});
