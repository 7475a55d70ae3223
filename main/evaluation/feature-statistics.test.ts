import { describe, expect, it } from 'vitest';
import {
  covarianceSpectrum,
  directionsHolding,
  frechetDistance,
  kernelDistance,
  meanOf,
} from './feature-statistics.js';
import { at, gaussianSet } from './test-support/gaussian-set.js';

const shifted = (set: Float32Array[], by: number[]) => set.map((f) => f.map((v, j) => v + (by[j] ?? 0)));
const padded = (set: Float32Array[], to: number) =>
  set.map((f) => Float32Array.from({ length: to }, (_, j) => f[j] ?? 0));

describe('frechetDistance', () => {
  it('is 0 for identical sets', () => {
    const set = gaussianSet(40, 6, 1);
    expect(frechetDistance(set, set)).toBeCloseTo(0, 6);
  });

  it('is ‖δ‖² for a set shifted by δ (same covariance)', () => {
    const set = gaussianSet(40, 6, 2);
    const delta = [1, -2, 0, 0.5, 0, 3];
    expect(frechetDistance(set, shifted(set, delta))).toBeCloseTo(1 + 4 + 0.25 + 9, 4);
  });

  it('is Tr(Σ) for a set scaled by 2 about its mean: Tr(Σ + 4Σ − 2·2Σ)', () => {
    const set = gaussianSet(50, 5, 3);
    const mean = meanOf(set);
    const scaled = set.map((f) => f.map((v, j) => at(mean, j) + 2 * (v - at(mean, j))));
    const trace = covarianceSpectrum(set).reduce((s, v) => s + v, 0);
    expect(frechetDistance(set, scaled)).toBeCloseTo(trace, 4);
  });

  it('gives the same answer through the n×n route (fewer images than dimensions) as the d×d one', () => {
    const a = gaussianSet(12, 6, 4);
    const b = shifted(gaussianSet(9, 6, 5, 0, 1.5), [0.3, 0, 0, 0, 0, -1]);
    const small = frechetDistance(a, b);
    // Zero dimensions add nothing, but push d past n, so the Gram route is taken.
    expect(frechetDistance(padded(a, 30), padded(b, 30))).toBeCloseTo(small, 6);
    expect(small).toBeGreaterThan(1);
  });

  it('grows with the shift, and a collapsed set (one image) is far from the data', () => {
    const real = gaussianSet(60, 8, 6);
    const near = frechetDistance(real, gaussianSet(60, 8, 7));
    const far = frechetDistance(real, gaussianSet(60, 8, 8, 1));
    const collapsed = frechetDistance(
      real,
      Array.from({ length: 60 }, () => at(real, 0)),
    );
    expect(near).toBeLessThan(far);
    expect(collapsed).toBeGreaterThan(near * 3);
  });
});

describe('kernelDistance', () => {
  it('matches a hand computation with d = 1: k(x, y) = (xy + 1)³', () => {
    // within a: k(0,1) = 1; within b: k(0,2) = 1; across: (1 + 1 + 1 + 27) / 4 = 7.5.
    const a = [Float32Array.of(0), Float32Array.of(1)];
    const b = [Float32Array.of(0), Float32Array.of(2)];
    expect(kernelDistance(a, b)).toBeCloseTo(1 + 1 - 15, 10);
  });

  it('is near 0 for two samples of one distribution and clearly positive for shifted ones', () => {
    const real = gaussianSet(80, 8, 9);
    const same = kernelDistance(real, gaussianSet(80, 8, 10));
    const shift = kernelDistance(real, gaussianSet(80, 8, 11, 0.7));
    expect(Math.abs(same)).toBeLessThan(shift / 10);
    expect(shift).toBeGreaterThan(0);
  });
});

describe('covariance spectrum', () => {
  it('counts the directions the data spans', () => {
    // 30 points in a 3-dimensional subspace of 10 dimensions.
    const base = gaussianSet(30, 3, 12);
    const set = base.map((f) =>
      Float32Array.from({ length: 10 }, (_, j) => (j < 3 ? at(f, j) * (j + 1) : 0)),
    );
    const spectrum = covarianceSpectrum(set);
    expect(spectrum.filter((v) => v > 1e-9)).toHaveLength(3);
    expect(directionsHolding(spectrum, 0.99)).toBe(3);
    expect(directionsHolding(spectrum, 0.5)).toBeLessThan(3);
  });

  it('has no direction at all for a collapsed set, and matches via the Gram route', () => {
    const one = Array.from({ length: 10 }, () => Float32Array.of(1, 2, 3));
    expect(directionsHolding(covarianceSpectrum(one), 0.99)).toBe(0);
    const set = gaussianSet(6, 4, 13);
    const wide = covarianceSpectrum(padded(set, 20)).slice(0, 4);
    covarianceSpectrum(set).forEach((v, k) => expect(wide[k]).toBeCloseTo(v, 8));
  });
});
