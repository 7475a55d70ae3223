import { describe, expect, it } from 'vitest';
import { meanPairwiseDistance, nearestNeighbours, quantile } from './distances.js';
import { memorisation } from './memorisation.js';
import { at, gaussianSet } from './test-support/gaussian-set.js';

describe('nearestNeighbours', () => {
  it('finds each query’s nearest reference, or its nearest other one when leaving itself out', () => {
    const reference = [Float32Array.of(0, 0), Float32Array.of(3, 0), Float32Array.of(0, 5)];
    expect(nearestNeighbours([Float32Array.of(2.5, 0)], reference)).toEqual([{ index: 1, distance: 0.5 }]);
    expect(nearestNeighbours(reference, reference, true)).toEqual([
      { index: 1, distance: 3 },
      { index: 0, distance: 3 },
      { index: 0, distance: 5 },
    ]);
  });

  it('measures mean pairwise distance and quantiles', () => {
    expect(meanPairwiseDistance([Float32Array.of(0), Float32Array.of(3), Float32Array.of(6)])).toBeCloseTo(4);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5);
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
  });
});

describe('memorisation', () => {
  const train = gaussianSet(120, 16, 21);

  it('flags every sample of a generator that copies training images', () => {
    const copied = Array.from({ length: 40 }, (_, i) => at(train, (i * 7) % train.length));
    const report = memorisation(copied, train);
    expect(report.copies).toHaveLength(40);
    expect(report.medianRatio).toBe(0);
    expect(report.nearest[1]).toEqual({ sample: 1, train: 7, distance: 0 });
  });

  it('flags nothing for fresh samples of the data’s distribution, whose distances match the real ones', () => {
    const report = memorisation(gaussianSet(40, 16, 22), train);
    expect(report.copies).toEqual([]);
    expect(report.medianRatio).toBeGreaterThan(0.8);
    expect(report.medianRatio).toBeLessThan(1.25);
    expect(report.realToTrain).toHaveLength(120);
    expect(report.generatedToTrain).toHaveLength(40);
  });

  it('flags only the copies in a mix, closest first', () => {
    const fresh = gaussianSet(10, 16, 23);
    const nearCopy = at(train, 5).map((v) => v + 0.001);
    const report = memorisation([...fresh, nearCopy, at(train, 9)], train);
    expect(report.copies).toEqual([11, 10]);
  });
});
