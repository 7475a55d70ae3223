import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReflectionPadding2D } from './reflection-padding.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Index i of the padded axis reads index reflect(i - p) of the original: …2 1 [0 1 2 … n-1] n-2 n-3… */
function reflect(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * (n - 1) - i;
  return i;
}

describe('ReflectionPadding2D', () => {
  it.each([
    [5, 4, 1],
    [7, 6, 3],
    [4, 9, 2],
  ])('mirrors a %i×%i image by %i pixels without repeating the edge', (height, width, p) => {
    const x = tf.randomNormal([2, height, width, 3], 0, 1, 'float32', 11);
    const padded = new ReflectionPadding2D({ padding: p }).apply(x) as tf.Tensor;
    expect(padded.shape).toEqual([2, height + 2 * p, width + 2 * p, 3]);
    const source = x.arraySync() as number[][][][];
    const actual = padded.arraySync() as number[][][][];
    for (let n = 0; n < 2; n++)
      for (let y = 0; y < height + 2 * p; y++)
        for (let z = 0; z < width + 2 * p; z++)
          expect(actual[n]?.[y]?.[z]).toEqual(source[n]?.[reflect(y - p, height)]?.[reflect(z - p, width)]);
  });

  it('refuses an image too small to mirror, saying so', () => {
    expect(() => new ReflectionPadding2D({ padding: 3 }).apply(tf.zeros([1, 3, 8, 3]))).toThrow(
      /too small to mirror/,
    );
  });

  it('passes gradients back to every source pixel it copied', () => {
    const x = tf.ones([1, 4, 4, 1]);
    const grad = tf.grad((input: tf.Tensor) =>
      tf.sum(new ReflectionPadding2D({ padding: 1 }).apply(input) as tf.Tensor),
    )(x);
    // Reflecting by one copies rows and columns 1 and n-2 once more: the counts are [1, 2, 2, 1] per axis.
    const counts = [1, 2, 2, 1];
    expect(grad.arraySync()).toEqual([counts.map((a) => counts.map((b) => [a * b]))]);
  });
});
