import { describe, expect, it } from 'vitest';
import { LatentPoint } from '../contract/index.js';
import { resolveLatent, usesDirections } from './resolve-latent.js';
import { latentForSeed } from './seed-latent.js';

const point = (seed: number, extra: Partial<LatentPoint> = {}) => LatentPoint.parse({ seed, ...extra });
const e0 = Float32Array.from([1, 0, 0, 0]);

describe('resolveLatent', () => {
  it('turns a seed into its latent, the same every time', () => {
    expect(Array.from(resolveLatent({ point: point(3) }, 4, []))).toEqual(Array.from(latentForSeed(3, 4)));
  });

  it('moves along directions in standard deviations and sets raw dimensions', () => {
    const base = latentForSeed(3, 4);
    const moved = resolveLatent(
      { point: point(3, { moves: [{ direction: 0, amount: 2 }], dimensions: [{ index: 3, value: -1 }] }) },
      4,
      [e0],
    );
    expect(moved[0]).toBeCloseTo((base[0] ?? 0) + 2, 6);
    expect(moved[1]).toBeCloseTo(base[1] ?? 0, 6);
    expect(moved[3]).toBe(-1);
    expect(() =>
      resolveLatent({ point: point(3, { moves: [{ direction: 5, amount: 1 }] }) }, 4, [e0]),
    ).toThrow(/no direction 6/);
  });

  it('finds a path’s point at time t, and A − B + C', () => {
    const a = latentForSeed(1, 4);
    const path = {
      path: [point(1), point(2)],
      options: { mode: 'lerp', easing: 'linear', loop: false } as const,
      t: 0,
    };
    expect(Array.from(resolveLatent(path, 4, []))).toEqual(Array.from(a));
    const sum = resolveLatent({ arithmetic: { a: point(1), b: point(2), c: point(2) } }, 4, []);
    sum.forEach((x, i) => expect(x).toBeCloseTo(a[i] ?? 0, 5));
  });

  it('knows when the directions are needed', () => {
    expect(usesDirections({ point: point(1) })).toBe(false);
    expect(usesDirections({ point: point(1, { moves: [{ direction: 0, amount: 1 }] }) })).toBe(true);
  });
});
