import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { makeLeakyReluKernel } from './leaky-relu-simd.js';
import { randomValues } from './test-support/conv-cases.js';
import { countingStock } from './test-support/counting-stock.js';

/** Runs LeakyRelu through `kernel` on wasm; the raw float32 bits, so −0 and +0 differ. */
function leakyRelu(kernel: tf.KernelFunc, x: tf.Tensor, alpha: number): Uint32Array {
  const info = kernel({ inputs: { x }, attrs: { alpha }, backend: tf.backend() }) as tf.TensorInfo;
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const values = Float32Array.from(result.dataSync() as Float32Array);
  result.dispose();
  return new Uint32Array(values.buffer);
}

describe('LeakyRelu by the SIMD helper on wasm', () => {
  // Every scale, zeros of both signs, subnormals, infinities, NaN; an odd count for the scalar tail.
  const special = [0, -0, 1e-45, -1e-45, -3e-45, 3.4e38, -3.4e38, Infinity, -Infinity, Number.NaN, 1, -1];
  const values = Float32Array.from([
    ...special,
    ...Array.from(randomValues(4001, 3), (v, i) => v * 10 ** ((i % 12) - 6)),
  ]);

  it.each([0.2, 0.01, 0, 1, 1.5, -0.3, 0.1])(
    'equals the backend’s own kernel bit for bit, α = %s',
    async (alpha) => {
      await tf.setBackend('wasm');
      const { stock, counted, handedOn } = countingStock('LeakyRelu');
      const x = tf.tensor(values, [values.length]);
      const kernel = makeLeakyReluKernel(counted);
      expect(leakyRelu(kernel, x, alpha)).toEqual(leakyRelu(stock, x, alpha));
      expect(handedOn()).toBe(0);
      x.dispose();
    },
  );

  it('hands int32 inputs to the backend’s own kernel', async () => {
    await tf.setBackend('wasm');
    const { counted, handedOn } = countingStock('LeakyRelu');
    const kernel = makeLeakyReluKernel(counted);
    const ints = tf.tensor([-2, 3], [2], 'int32');
    leakyRelu(kernel, ints, 0.2);
    expect(handedOn()).toBe(1);
    ints.dispose();
  });
});
