import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { makeBatchNormKernel } from './batch-norm-simd.js';
import { randomValues } from './test-support/conv-cases.js';
import { countingStock } from './test-support/counting-stock.js';

/** Runs FusedBatchNorm through `kernel` on wasm; the raw float32 bits. */
function batchNorm(
  kernel: tf.KernelFunc,
  inputs: Record<string, tf.Tensor>,
  varianceEpsilon: number,
): Uint32Array {
  const info = kernel({ inputs, attrs: { varianceEpsilon }, backend: tf.backend() }) as tf.TensorInfo;
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const values = Float32Array.from(result.dataSync() as Float32Array);
  result.dispose();
  return new Uint32Array(values.buffer);
}

function inputsFor(shape: number[], seed: number): Record<string, tf.Tensor> {
  const channels = shape.at(-1) ?? 1;
  const size = shape.reduce((a, b) => a * b, 1);
  const perChannel = (offset: number, positive = false) =>
    tf.tensor1d(
      Array.from(randomValues(channels, seed + offset), (v) => (positive ? Math.abs(v) * 3 : v * 2)),
    );
  return {
    x: tf.tensor(
      randomValues(size, seed).map((v, i) => v * 10 ** ((i % 7) - 3)),
      shape,
    ),
    mean: perChannel(1),
    variance: perChannel(2, true),
    offset: perChannel(3),
    scale: perChannel(4),
  };
}

describe('FusedBatchNorm by the SIMD helper on wasm', () => {
  it.each([
    [[64, 4, 4, 256], 1e-3],
    [[2, 3, 5, 8], 1e-5],
    [[7, 4], 0.1],
  ])('equals the backend’s own kernel bit for bit: %j, ε %s', async (shape, epsilon) => {
    await tf.setBackend('wasm');
    const { stock, counted, handedOn } = countingStock('FusedBatchNorm');
    const kernel = makeBatchNormKernel(counted);
    const inputs = inputsFor(shape, 5);
    const before = tf.backend().numDataIds();
    expect(batchNorm(kernel, inputs, epsilon)).toEqual(batchNorm(stock, inputs, epsilon));
    expect(handedOn()).toBe(0);
    // Its per-channel scratch is freed.
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose(Object.values(inputs));
  });

  it('hands channels that are not a multiple of 4, and broadcast statistics, to the backend’s kernel', async () => {
    await tf.setBackend('wasm');
    const { stock, counted, handedOn } = countingStock('FusedBatchNorm');
    const kernel = makeBatchNormKernel(counted);
    const odd = inputsFor([3, 5, 6], 7);
    const scalarMean = { ...inputsFor([2, 8], 9), mean: tf.scalar(0.5) };
    expect(batchNorm(kernel, odd, 1e-3)).toEqual(batchNorm(stock, odd, 1e-3));
    expect(batchNorm(kernel, scalarMean, 1e-3)).toEqual(batchNorm(stock, scalarMean, 1e-3));
    expect(handedOn()).toBe(2);
    tf.dispose([...Object.values(odd), ...Object.values(scalarMean)]);
  });
});
