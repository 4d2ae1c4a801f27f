import { describe, expect, it } from 'vitest';
import { headroomLevel, headroomWarning, LOW_BYTES, remainingBytes } from '../../src/lib/pwa/headroom';

const MB = 1024 * 1024;

describe('storage headroom', () => {
  it('is low below 50 MB or 10% of the quota left, and unknown counts as room', () => {
    expect(headroomLevel({ usage: 100 * MB, quota: 10_000 * MB })).toBe('ok');
    expect(headroomLevel({ usage: 10_000 * MB - LOW_BYTES + 1, quota: 10_000 * MB })).toBe('low');
    expect(headroomLevel({ usage: 95 * MB, quota: 1000 * MB })).toBe('ok');
    expect(headroomLevel({ usage: 901 * MB, quota: 1000 * MB })).toBe('low');
    expect(headroomLevel(null)).toBe('ok');
    expect(headroomLevel({ usage: 5 })).toBe('ok');
    expect(remainingBytes({ usage: 20, quota: 10 })).toBe(0);
  });

  it('warns in words, with what is left when known', () => {
    const fmt = (n: number) => `${Math.round(n / MB)} MB`;
    expect(headroomWarning('ok', 1, fmt)).toBeNull();
    expect(headroomWarning('low', 30 * MB, fmt)).toBe(
      'Storage is almost full (30 MB left). Free some space on this device before your answers stop being saved.'
    );
    expect(headroomWarning('full', null, fmt)).toBe('Your device is out of storage space: changes cannot be saved until you free some space.');
  });
});
