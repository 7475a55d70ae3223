import { describe, expect, it } from 'vitest';
import { latentForSeed } from './seed-latent.js';
import { principalDirections } from './principal-directions.js';

/** A "first layer" with a known structure: it stretches z along two chosen directions. */
function features(z: Float32Array): Float32Array {
  const d1 = (z[3] ?? 0) - (z[5] ?? 0); // along (e3 − e5)/√2, scaled by 10
  const d2 = z[0] ?? 0; // along e0, scaled by 4
  const out = new Float32Array(12);
  for (let j = 0; j < 6; j++) out[j] = 10 * d1 * (j % 2 ? 1 : -1);
  for (let j = 6; j < 12; j++) out[j] = 4 * d2 + 0.1 * (z[j - 6] ?? 0);
  return out;
}

describe('principalDirections (GANSpace)', () => {
  it('finds the directions the model varies most, strongest first', () => {
    const latents = Array.from({ length: 300 }, (_, seed) => latentForSeed(seed, 8));
    const { directions, variances } = principalDirections(latents, latents.map(features), 3);
    const [first, second] = directions;
    // (e3 − e5)/√2 first (up to sign), then e0.
    expect(Math.abs((first?.[3] ?? 0) - (first?.[5] ?? 0)) / Math.SQRT2).toBeGreaterThan(0.95);
    expect(Math.abs(second?.[0] ?? 0)).toBeGreaterThan(0.95);
    expect(variances[0]).toBeGreaterThan(variances[1] ?? Infinity);
    for (const direction of directions) expect(Math.hypot(...direction)).toBeCloseTo(1, 5);
  });

  it('refuses mismatched inputs', () => {
    expect(() => principalDirections([new Float32Array(2)], [], 1)).toThrow(/same number/);
  });
});
