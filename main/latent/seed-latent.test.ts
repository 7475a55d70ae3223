import { describe, expect, it } from 'vitest';
import { norm } from './interpolate.js';
import { latentForSeed } from './seed-latent.js';

describe('latentForSeed', () => {
  it('is the same latent for the same seed, and another for another seed', () => {
    expect(Array.from(latentForSeed(42, 100))).toEqual(Array.from(latentForSeed(42, 100)));
    expect(Array.from(latentForSeed(42, 100))).not.toEqual(Array.from(latentForSeed(43, 100)));
  });

  it('draws from N(0, I): the norm is near the square root of the dimensions', () => {
    const norms = Array.from({ length: 50 }, (_, seed) => norm(latentForSeed(seed, 400)));
    const mean = norms.reduce((a, b) => a + b) / norms.length;
    expect(mean).toBeGreaterThan(19);
    expect(mean).toBeLessThan(21);
  });

  it('scales with the truncation', () => {
    const full = latentForSeed(7, 64);
    const half = latentForSeed(7, 64, 0.5);
    half.forEach((x, i) => expect(x).toBeCloseTo((full[i] ?? 0) * 0.5, 6));
  });
});
