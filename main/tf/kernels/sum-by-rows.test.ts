import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seeded-random.js';
import { makeSumByRowsKernel, rowsView, sumByRows } from './sum-by-rows.js';
import { simdOn } from './wasm-heap.js';

/** Runs Sum or Mean through `kernel` on the wasm backend. */
function reduce(
  kernel: tf.KernelFunc,
  x: tf.Tensor,
  axis: number | number[],
  keepDims: boolean,
): { values: Float32Array; shape: number[] } {
  const info = kernel({ inputs: { x }, attrs: { axis, keepDims }, backend: tf.backend() }) as tf.TensorInfo;
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const values = result.dataSync() as Float32Array;
  result.dispose();
  return { values, shape: info.shape };
}

/** Values of very different magnitudes, so that a different summation order would show. */
function spread(shape: number[], seed: number): tf.Tensor {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => (random() - 0.5) * 10 ** Math.floor(random() * 6)),
    shape,
  );
}

describe('rowsView', () => {
  it('views a run of axes as [outer, reduced, inner], and declines anything else', () => {
    expect(rowsView([64, 8, 8, 256], [0, 1, 2])).toEqual({
      outer: 1,
      reduced: 4096,
      inner: 256,
      outShape: [256],
    });
    expect(rowsView([2, 16, 16, 3], [1, 2])).toEqual({ outer: 2, reduced: 256, inner: 3, outShape: [2, 3] });
    // Innermost axes: the backend's kernel already reads contiguous rows.
    expect(rowsView([4, 5], [1])).toBeNull();
    // Not one increasing run.
    expect(rowsView([4, 5, 6], [0, 2])).toBeNull();
    expect(rowsView([4, 5, 6], [1, 0])).toBeNull();
  });
});

describe.each(['Sum', 'Mean'] as const)('%s by rows on wasm', (kernelName) => {
  const cases: Array<{ shape: number[]; axis: number | number[]; keepDims: boolean }> = [
    // Batch norm's statistics at DCGAN's 32×32×64 layer, and instance norm's at CycleGAN's 16×16×256.
    { shape: [64, 32, 32, 64], axis: [0, 1, 2], keepDims: false },
    { shape: [1, 16, 16, 256], axis: [1, 2], keepDims: true },
    // Odd sizes; a middle axis; a negative axis; the batch axis alone.
    { shape: [3, 7, 5, 11], axis: [1, 2], keepDims: false },
    { shape: [5, 9, 13], axis: -2, keepDims: true },
    { shape: [17, 3], axis: 0, keepDims: false },
    { shape: [2, 3, 4, 5], axis: [0, 1, 2], keepDims: true },
  ];

  it.each(cases)('equals the backend’s own kernel bit for bit: %j', async ({ shape, axis, keepDims }) => {
    await tf.setBackend('wasm');
    const stock = tf.getKernel(kernelName, 'wasm').kernelFunc;
    const x = spread(shape, shape.length * 31);
    const expected = reduce(stock, x, axis, keepDims);
    const calls: string[] = [];
    const spy: tf.KernelFunc = (params) => {
      calls.push('stock');
      return stock(params);
    };
    // The kernel runs the SIMD loops here; the JavaScript loop is for runtimes without SIMD.
    expect(simdOn(tf.backend())).not.toBeNull();
    const actual = reduce(makeSumByRowsKernel(tf, kernelName, spy), x, axis, keepDims);
    expect(calls).toEqual([]);
    expect(actual.shape).toEqual(expected.shape);
    expect(actual.values).toEqual(expected.values);
    const view = rowsView(x.shape, tf.util.parseAxisParam(axis, x.shape));
    if (!view) throw new Error('no view');
    const byJavaScript = new Float32Array(expected.values.length);
    sumByRows(x.dataSync() as Float32Array, view, byJavaScript, kernelName === 'Mean');
    expect(byJavaScript).toEqual(expected.values);
    x.dispose();
  });

  it('hands innermost axes and int32 to the backend’s own kernel', async () => {
    await tf.setBackend('wasm');
    const stock = tf.getKernel(kernelName, 'wasm').kernelFunc;
    let calls = 0;
    const kernel = makeSumByRowsKernel(tf, kernelName, (params) => {
      calls++;
      return stock(params);
    });
    const x = spread([4, 6], 3);
    const ints = tf.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      [2, 2],
      'int32',
    );
    reduce(kernel, x, 1, false);
    reduce(kernel, ints, 0, false);
    expect(calls).toBe(2);
    tf.dispose([x, ints]);
  });
});
