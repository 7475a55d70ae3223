import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { randomValues } from './test-support/conv-cases.js';
import { countingStock } from './test-support/counting-stock.js';
import { makeTransposeKernel, swapsOuterInner } from './transpose-simd.js';

function transpose(kernel: tf.KernelFunc, x: tf.Tensor, perm: number[]) {
  const info = kernel({ inputs: { x }, attrs: { perm }, backend: tf.backend() }) as tf.TensorInfo;
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const out = { shape: result.shape, values: result.dataSync().slice() };
  result.dispose();
  return out;
}

describe('swapsOuterInner', () => {
  it('recognises first-and-last swaps only', () => {
    expect(swapsOuterInner([64, 16, 16, 32], [3, 1, 2, 0])).toEqual({ outer: 64, middle: 256, inner: 32 });
    expect(swapsOuterInner([8, 12], [1, 0])).toEqual({ outer: 8, middle: 1, inner: 12 });
    expect(swapsOuterInner([2, 3, 4, 5], [1, 2, 0, 3])).toBeNull();
    expect(swapsOuterInner([2, 3, 4, 5], [3, 2, 1, 0])).toBeNull();
    expect(swapsOuterInner([5], [0])).toBeNull();
  });
});

describe('Transpose by the SIMD helper on wasm', () => {
  it.each([
    [[64, 16, 16, 64], [3, 1, 2, 0], 'float32'],
    [[8, 3, 5, 12], [3, 1, 2, 0], 'int32'],
    [[12, 8], [1, 0], 'float32'],
    [[4, 7, 4], [2, 1, 0], 'float32'],
  ] as const)('equals the backend’s own transpose: %j %j %s', async (shape, perm, dtype) => {
    await tf.setBackend('wasm');
    const { stock, counted, handedOn } = countingStock('Transpose');
    const kernel = makeTransposeKernel(counted);
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    const values = randomValues(size, 3).map((v) => (dtype === 'int32' ? Math.round(v * 1000) : v));
    const x = tf.tensor(values, [...shape], dtype);
    expect(transpose(kernel, x, [...perm])).toEqual(transpose(stock, x, [...perm]));
    expect(handedOn()).toBe(0);
    x.dispose();
  });

  it('hands other permutations and sides that are not multiples of 4 to the backend’s kernel', async () => {
    await tf.setBackend('wasm');
    const { stock, counted, handedOn } = countingStock('Transpose');
    const kernel = makeTransposeKernel(counted);
    const x = tf.tensor(randomValues(3 * 4 * 5 * 8, 4), [3, 4, 5, 8]);
    for (const perm of [
      [3, 1, 2, 0],
      [1, 2, 0, 3],
    ]) {
      expect(transpose(kernel, x, perm)).toEqual(transpose(stock, x, perm));
    }
    expect(handedOn()).toBe(2);
    x.dispose();
  });
});
