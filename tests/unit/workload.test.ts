import { describe, expect, it } from 'vitest';
import { fsrs, generatorParameters } from 'ts-fsrs';
import { dailyReviews, DEFAULT_DECAY, intervalFactor, relativeWorkload } from '../../src/lib/srs/workload';

describe('retention workload', () => {
  it('uses the same forgetting curve as ts-fsrs (interval for S=10 days at 90% is 10 days)', () => {
    const params = generatorParameters();
    expect(-params.w[20]).toBeCloseTo(DEFAULT_DECAY, 4);
    const factor = Math.pow(0.9, 1 / DEFAULT_DECAY) - 1;
    expect((10 / factor) * intervalFactor(0.9)).toBeCloseTo(10, 6);
    // ts-fsrs's own next_interval agrees at another retention.
    const f = fsrs({ ...params, enable_fuzz: false, request_retention: 0.8 });
    expect(f.next_interval(10, 0)).toBe(Math.round((10 / factor) * intervalFactor(0.8)));
  });

  it('higher retention costs more reviews, steeply near the top', () => {
    expect(relativeWorkload(0.9)).toBeCloseTo(1, 10);
    expect(relativeWorkload(0.8)).toBeLessThan(1);
    expect(relativeWorkload(0.95)).toBeGreaterThan(1.5);
    expect(relativeWorkload(0.97)).toBeGreaterThan(relativeWorkload(0.95) * 1.4);
  });

  it('estimates daily reviews from card stabilities', () => {
    // 100 cards of stability 10 days at 90%: each every 10 days -> 10/day, plus 10% relearning.
    expect(dailyReviews(Array(100).fill(10), 0.9)).toBeCloseTo(11, 6);
    expect(dailyReviews([0, 0], 0.9)).toBe(0);
  });
});
