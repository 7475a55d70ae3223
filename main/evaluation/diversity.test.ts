import { describe, expect, it } from 'vitest';
import { birthdaySupport } from './diversity.js';
import { at, gaussianSet } from './test-support/gaussian-set.js';

describe('birthdaySupport (Arora and Zhang)', () => {
  it('finds a support of about 1 image for a collapsed generator returning one image', () => {
    const one = Array.from({ length: 64 }, () => Float32Array.of(1, 2, 3));
    const estimate = birthdaySupport(one, 0.01);
    expect(estimate).toMatchObject({ batchSize: 2, support: 4, atLeast: false });
  });

  it('estimates about K images for a generator drawing uniformly from K = 100 images', () => {
    const modes = gaussianSet(100, 8, 31);
    const pick = gaussianSet(400, 1, 32).map((f) => Math.floor(Math.abs(at(f, 0) * 1e4)) % 100);
    const samples = pick.map((k) => at(modes, k));
    const estimate = birthdaySupport(samples, 0.01, { trials: 200 });
    // P(duplicate among s of K) ≈ 1 − exp(−s²/2K) crosses ½ near s ≈ 12: a support of s² ≈ 144.
    expect(estimate.atLeast).toBe(false);
    expect(estimate.support).toBeGreaterThanOrEqual(64);
    expect(estimate.support).toBeLessThanOrEqual(400);
  });

  it('gives only a lower bound when no two samples are alike', () => {
    const estimate = birthdaySupport(gaussianSet(50, 8, 33), 0.01);
    expect(estimate).toMatchObject({ batchSize: null, support: 2500, atLeast: true });
    expect(estimate.curve.every((point) => point.probability === 0)).toBe(true);
  });
});
