import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchNormGradient,
  batchNormGradientKernelName,
  makeBatchNormGradientKernel,
} from './batch-norm-gradient-simd.js';
import { randomValues } from './test-support/conv-cases.js';

const original = tf.getGradient('FusedBatchNorm');

/** All five input gradients of a weighted sum of tf.batchNorm, as arrays of raw float32 bits. */
function gradients(shape: number[], epsilon: number, seed: number): Uint32Array[] {
  const computed = tf.tidy(() => {
    const channels = shape.at(-1) ?? 1;
    const size = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(
      randomValues(size, seed).map((v, i) => v * 10 ** ((i % 5) - 2)),
      shape,
    );
    const perChannel = (k: number, positive = false) =>
      tf.tensor1d(Array.from(randomValues(channels, seed + k), (v) => (positive ? Math.abs(v) + 0.1 : v)));
    const weights = tf.tensor(randomValues(size, seed + 9), shape);
    const inputs = [x, perChannel(1), perChannel(2, true), perChannel(3), perChannel(4)];
    const loss = (...[a, m, v, o, s]: tf.Tensor[]) =>
      tf.sum(tf.mul(tf.batchNorm(a as tf.Tensor, m as tf.Tensor, v as tf.Tensor, o, s, epsilon), weights));
    return tf.grads(loss)(inputs);
  });
  const bits = computed.map((g) => new Uint32Array(Float32Array.from(g.dataSync() as Float32Array).buffer));
  tf.dispose(computed);
  return bits;
}

describe('FusedBatchNorm’s gradient in one SIMD pass on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    tf.registerKernel({
      kernelName: batchNormGradientKernelName,
      backendName: 'wasm',
      kernelFunc: makeBatchNormGradientKernel(),
    });
  });
  afterAll(() => {
    tf.registerGradient(original);
    tf.unregisterKernel(batchNormGradientKernelName, 'wasm');
  });

  it.each([
    [[64, 8, 8, 128], 1e-3],
    [[3, 5, 7, 8], 1e-5],
    [[9, 4], 0.01],
  ])(
    'gives tfjs’s gradients of x, mean, variance, offset and scale bit for bit: %j, ε %s',
    async (shape, epsilon) => {
      await tf.setBackend('wasm');
      tf.registerGradient(original);
      const expected = gradients(shape, epsilon, 7);
      let calls = 0;
      const kernel = makeBatchNormGradientKernel();
      tf.unregisterKernel(batchNormGradientKernelName, 'wasm');
      tf.registerKernel({
        kernelName: batchNormGradientKernelName,
        backendName: 'wasm',
        kernelFunc: (params) => {
          calls++;
          return kernel(params);
        },
      });
      tf.registerGradient(batchNormGradient(tf, original));
      const actual = gradients(shape, epsilon, 7);
      expect(calls).toBe(1);
      expect(actual).toHaveLength(5);
      actual.forEach((gradient, i) => expect(gradient, `gradient ${i}`).toEqual(expected[i]));
    },
  );

  it('leaves channels that are not a multiple of 4, and other backends, to tfjs’s own gradient', async () => {
    tf.registerGradient(batchNormGradient(tf, original));
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const shape = backend === 'wasm' ? [4, 6] : [4, 8];
      const viaNew = gradients(shape, 1e-3, 3);
      tf.registerGradient(original);
      expect(viaNew).toEqual(gradients(shape, 1e-3, 3));
      tf.registerGradient(batchNormGradient(tf, original));
    }
    await tf.setBackend('wasm');
  });
});
