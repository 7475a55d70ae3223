import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded-random.js';
import { at } from './test-support/gaussian-set.js';
import { symmetricEigen, symmetricSqrt } from './symmetric-eigen.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = random() * 2 - 1;
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
  return m;
}

/** B·Bᵀ: symmetric positive semi-definite, of rank `rank`. */
function randomPsd(n: number, rank: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const b = Array.from({ length: n }, () => Array.from({ length: rank }, () => random() * 2 - 1));
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) m[i * n + j] = at(b, i).reduce((s, v, k) => s + v * at(at(b, j), k), 0);
  return m;
}

describe('symmetricEigen', () => {
  it('finds the eigenvalues of a known 2×2 matrix and of a diagonal one, largest first', () => {
    expect(Array.from(symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values)).toEqual([
      expect.closeTo(3, 12),
      expect.closeTo(1, 12),
    ]);
    expect(Array.from(symmetricEigen(Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, -2]), 3).values)).toEqual([
      5, 1, -2,
    ]);
  });

  it('returns orthonormal vectors with A·v = λ·v, and eigenvalues summing to the trace', () => {
    const n = 12;
    const a = randomSymmetric(n, 3);
    const { values, vectors } = symmetricEigen(a, n, true);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += at(a, i * n + i);
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
    vectors.forEach((v, k) => {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += at(a, i * n + j) * at(v, j);
        expect(av).toBeCloseTo(at(values, k) * at(v, i), 9);
      }
      vectors.forEach((w, l) =>
        expect(v.reduce((s, x, i) => s + x * at(w, i), 0)).toBeCloseTo(k === l ? 1 : 0, 10),
      );
    });
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/4 values/);
  });
});

describe('symmetricSqrt', () => {
  it('squares back to the matrix, also when it is singular', () => {
    const n = 8;
    const a = randomPsd(n, 3, 5);
    const root = symmetricSqrt(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += at(root, i * n + k) * at(root, k * n + j);
        expect(sum).toBeCloseTo(at(a, i * n + j), 8);
        expect(root[i * n + j]).toBeCloseTo(at(root, j * n + i), 10);
      }
    }
  });
});
