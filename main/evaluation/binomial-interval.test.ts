import { describe, expect, it } from 'vitest';
import { chanceTailProbability, wilsonInterval } from './binomial-interval.js';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    const half = wilsonInterval(50, 100);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
  });

  it('narrows as the number of trials grows', () => {
    const small = wilsonInterval(8, 10);
    const large = wilsonInterval(800, 1000);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
  });
});

describe('chanceTailProbability', () => {
  it('is the binomial tail at p = ½', () => {
    expect(chanceTailProbability(10, 10)).toBeCloseTo(1 / 1024, 10);
    expect(chanceTailProbability(5, 10)).toBeCloseTo(638 / 1024, 10);
    expect(chanceTailProbability(0, 10)).toBe(1);
  });
});
