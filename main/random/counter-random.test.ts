import { describe, expect, it } from 'vitest';
import { normalFrom, randomFor, seedFor } from './counter-random.js';

const draws = (next: () => number, n = 4) => Array.from({ length: n }, () => next());

describe('randomFor', () => {
  it('gives the same stream for the same seed and counters, on every call', () => {
    expect(draws(randomFor(7, 1234, 2))).toEqual(draws(randomFor(7, 1234, 2)));
  });

  it('gives different streams when the seed or any counter differs', () => {
    const base = draws(randomFor(7, 1234, 2));
    for (const other of [
      randomFor(8, 1234, 2),
      randomFor(7, 1235, 2),
      randomFor(7, 1234, 3),
      randomFor(7, 1234),
    ]) {
      expect(draws(other)).not.toEqual(base);
    }
    expect(draws(randomFor(7, 2 ** 32 + 5))).not.toEqual(draws(randomFor(7, 5)));
  });

  it('draws uniformly in [0, 1)', () => {
    const next = randomFor(1, 2);
    const values = draws(next, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b) / values.length).toBeCloseTo(0.5, 1);
  });

  it('makes 31-bit seeds and standard normal draws', () => {
    const seed = seedFor(3, 4);
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
    const next = randomFor(5);
    const normals = Array.from({ length: 20_000 }, () => normalFrom(next));
    const mean = normals.reduce((a, b) => a + b) / normals.length;
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(variance).toBeCloseTo(1, 1);
  });
});
