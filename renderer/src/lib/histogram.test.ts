import { describe, expect, it } from 'vitest';
import { sharedHistograms } from './histogram.js';

describe('sharedHistograms', () => {
  it('bins two sets on one range, as shares of each set', () => {
    const [a, b] = sharedHistograms(
      [
        [0, 0, 1, 1],
        [2, 4],
      ],
      4,
    );
    expect(a?.map((p) => p.x)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(a?.map((p) => p.y)).toEqual([0.5, 0.5, 0, 0]);
    // The largest value falls in the last bin, not past it.
    expect(b?.map((p) => p.y)).toEqual([0, 0, 0.5, 0.5]);
  });

  it('copes with empty and constant sets', () => {
    expect(sharedHistograms([[], []])).toEqual([[], []]);
    const [only] = sharedHistograms([[3, 3, 3]], 2);
    expect(only?.map((p) => p.y)).toEqual([1, 0]);
  });
});
