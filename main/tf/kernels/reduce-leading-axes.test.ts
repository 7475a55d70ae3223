import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeLeadingAxesReduceKernel } from './reduce-leading-axes.js';
import { randomValues } from './test-support/conv-cases.js';

type Kind = 'sum' | 'mean';

/** Runs the kernel the way the op does, on the active backend. */
function reduce(kernel: tf.KernelFunc, x: tf.Tensor, axis: number[], keepDims: boolean): tf.Tensor {
  const info = kernel({ inputs: { x }, attrs: { axis, keepDims }, backend: tf.backend() }) as tf.TensorInfo;
  // The pooled path returns a Tensor; the backend's kernel a bare TensorInfo.
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/** Per channel, the exact sum (float64) and Σ|x|, for a float32 rounding bound. */
function exact(values: Float32Array, channels: number): { sums: number[]; magnitudes: number[] } {
  const sums = new Array<number>(channels).fill(0);
  const magnitudes = new Array<number>(channels).fill(0);
  values.forEach((v, i) => {
    sums[i % channels] = (sums[i % channels] ?? 0) + v;
    magnitudes[i % channels] = (magnitudes[i % channels] ?? 0) + Math.abs(v);
  });
  return { sums, magnitudes };
}

describe('Sum and Mean over batch and space, as a pool per image', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each([
    ['sum', [64, 32, 32, 8]],
    ['mean', [64, 32, 32, 8]],
    ['sum', [3, 5, 7, 11]],
    ['mean', [2, 9, 4, 5]],
    ['sum', [1, 18, 18, 16]],
    ['mean', [5, 1, 2, 3]],
  ] as Array<[Kind, [number, number, number, number]]>)(
    '%s of %j matches the float64 result within float32 rounding',
    (kind, shape) => {
      const values = randomValues(
        shape.reduce((a, b) => a * b, 1),
        shape[1] + shape[3],
      );
      const channels = shape[3];
      const count = values.length / channels;
      const { sums, magnitudes } = exact(values, channels);
      const stock = tf.getKernel(kind === 'sum' ? 'Sum' : 'Mean', 'wasm').kernelFunc;
      const kernel = makeLeadingAxesReduceKernel(tf, stock, kind);
      for (const keepDims of [false, true]) {
        const result = tf.tidy(() => reduce(kernel, tf.tensor4d(values, shape), [0, 1, 2], keepDims));
        expect(result.shape).toEqual(keepDims ? [1, 1, 1, channels] : [channels]);
        const actual = result.dataSync();
        result.dispose();
        for (let c = 0; c < channels; c++) {
          const scale = kind === 'sum' ? 1 : 1 / count;
          // Two roundings per term at most along any summation order, plus the final scaling.
          const bound = (2 * Math.log2(count) + 4) * 2 ** -24 * (magnitudes[c] ?? 0) * scale;
          expect(Math.abs((actual[c] ?? NaN) - (sums[c] ?? 0) * scale)).toBeLessThanOrEqual(bound);
        }
      }
    },
  );

  it('accepts the axes in any order and negative, and leaves other reductions to the backend', () => {
    const calls: unknown[] = [];
    const stock = tf.getKernel('Sum', 'wasm').kernelFunc;
    const spy: tf.KernelFunc = (params) => {
      calls.push((params.attrs as { axis: unknown }).axis);
      return stock(params);
    };
    const kernel = makeLeadingAxesReduceKernel(tf, spy, 'sum');
    tf.tidy(() => {
      const x = tf.tensor4d(randomValues(2 * 3 * 4 * 5, 9), [2, 3, 4, 5]);
      const viaPool = reduce(kernel, x, [2, -4, 1], false);
      const viaStock = stock({
        inputs: { x },
        attrs: { axis: [0, 1, 2], keepDims: false },
        backend: tf.backend(),
      });
      const diff = tf.sub(viaPool, tf.engine().makeTensorFromTensorInfo(viaStock as tf.TensorInfo));
      expect(tf.max(tf.abs(diff)).dataSync()[0]).toBeLessThan(1e-5);
      reduce(kernel, x, [3], false);
      reduce(kernel, x, [0, 1], false);
      reduce(kernel, tf.ones([4, 6]), [0], false);
    });
    // Only the three reductions the pool does not take reach the backend's kernel through it.
    expect(calls).toEqual([[3], [0, 1], [0]]);
  });
});
