import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldReflectionPadGradient } from './reflection-padding-gradient.js';
import { ReflectionPadding2D, reflectBySlices } from './reflection-padding.js';

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

describe('the reflection padding gradient folded in JavaScript', () => {
  it.each([
    // CycleGAN's residual blocks and 7×7 layers; small sides where a pixel has two copies per axis.
    { shape: [1, 16, 16, 8], p: 1 },
    { shape: [2, 9, 7, 3], p: 3 },
    { shape: [1, 4, 5, 2], p: 3 },
    { shape: [3, 2, 3, 1], p: 1 },
  ] as const)(
    'equals tfjs’s gradient of the slices bit for bit, on cpu and wasm: %j',
    async ({ shape, p }) => {
      for (const backend of ['cpu', 'wasm']) {
        await tf.setBackend(backend);
        const [b, h, w, c] = shape;
        const x = tf.randomNormal([...shape], 0, 1, 'float32', 11) as tf.Tensor4D;
        const dy = tf.randomNormal([b, h + 2 * p, w + 2 * p, c], 0, 1, 'float32', 12);
        // Magnitudes far apart, so a different order of additions would round differently.
        const weights = tf.mul(dy, tf.pow(10, tf.floor(tf.mul(tf.abs(dy), 3))));
        const reference = tf.grad((input: tf.Tensor) =>
          tf.sum(tf.mul(reflectBySlices(input as tf.Tensor4D, p), weights)),
        )(x);
        const layer = tf.grad((input: tf.Tensor) =>
          tf.sum(tf.mul(new ReflectionPadding2D({ padding: p }).apply(input) as tf.Tensor, weights)),
        )(x);
        const folded = foldReflectionPadGradient(
          tf.tidy(() => tf.onesLike(reflectBySlices(x, p)).mul(weights).dataSync() as Float32Array),
          shape,
          p,
        );
        expect(layer.dataSync(), backend).toEqual(reference.dataSync());
        expect(folded, backend).toEqual(reference.dataSync());
        tf.dispose([x, dy, weights, reference, layer]);
      }
      await tf.setBackend('cpu');
    },
  );

  it('keeps -0 and +0 as the slices do (a copy that is not there adds +0)', () => {
    const dy = new Float32Array([-0, -0, -0, -0, -0, -0, -0, -0, -0]);
    // A 1×1 image padded by 1 is 3×3; its one pixel gets the centre plus zeros from missing copies.
    expect(Object.is(foldReflectionPadGradient(dy, [1, 1, 1, 1], 1)[0], 0)).toBe(true);
  });
});
