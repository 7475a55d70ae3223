import { describe, expect, it } from 'vitest';
import { thinCurve } from './thin-curve.js';

describe('thinCurve', () => {
  it('keeps a short curve whole', () => {
    expect(thinCurve([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });

  it('keeps at most maxPoints, evenly spaced, ending at the newest point', () => {
    const curve = Array.from({ length: 1000 }, (_, i) => i + 1);
    const thinned = thinCurve(curve, 100);
    expect(thinned.length).toBeLessThanOrEqual(100);
    expect(thinned.length).toBeGreaterThan(90);
    expect(thinned.at(-1)).toBe(1000);
    const gaps = new Set(thinned.slice(1).map((value, i) => value - (thinned[i] ?? 0)));
    expect(gaps).toEqual(new Set([10]));
  });
});
