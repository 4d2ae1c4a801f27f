import { describe, expect, it } from 'vitest';
import { niceMax } from '../../src/lib/ui/charts/scale';

describe('chart axis maximum', () => {
  it('rounds up to a round number', () => {
    expect([0, 0.4, 3, 7, 11, 240, 1001].map((m) => niceMax(m))).toEqual([1, 1, 3, 8, 15, 250, 1500]);
  });
  it('keeps the half-way line of a count axis a whole number', () => {
    expect([0, 1, 3, 5, 9, 11, 21, 25, 140].map((m) => niceMax(m, { integer: true }))).toEqual([2, 2, 4, 6, 10, 20, 30, 30, 150]);
  });
});
