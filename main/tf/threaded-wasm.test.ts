import * as tf from '@tensorflow/tfjs';
import * as wasmPackage from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator } from '../models/dcgan.js';
import { dcganStep } from '../models/dcgan-step.js';
import { installFastKernels } from './kernels/install-fast-kernels.js';
import { threadedWasmBackendFactory, useThreadedWasm, type WasmPackage } from './threaded-wasm.js';

/**
 * Two seeded DCGAN training steps (batch 16, 32 px, 32 filters: convolutions large enough for
 * XNNPACK to split between threads) on the wasm backend; every weight afterwards, and the losses.
 */
async function trainTwoSteps(): Promise<{ threads: number; values: Float32Array[] }> {
  await tf.setBackend('wasm');
  installFastKernels(tf, 'wasm');
  const config = { size: 32, latentDim: 16, width: 32, seed: 5 } as const;
  const networks = {
    generator: createGenerator(config),
    discriminator: createDiscriminator({ ...config, seed: 6 }),
    generatorOptimizer: tf.train.adam(2e-4, 0.5),
    discriminatorOptimizer: tf.train.adam(2e-4, 0.5),
  };
  const real = tf.randomUniform([16, 32, 32, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
  const losses: number[] = [];
  for (const seed of [11, 12]) {
    const result = dcganStep(networks, { real, latentDim: 16, seed });
    losses.push(result.dLoss.dataSync()[0] ?? NaN, result.gLoss.dataSync()[0] ?? NaN);
    tf.dispose([result.dLoss, result.gLoss, result.dReal, result.dFake]);
  }
  const values = [networks.generator, networks.discriminator].flatMap((model) =>
    model.getWeights().map((w) => w.dataSync() as Float32Array),
  );
  networks.generator.dispose();
  networks.discriminator.dispose();
  real.dispose();
  return { threads: wasmPackage.getThreadsCount(), values: [Float32Array.from(losses), ...values] };
}

describe('the multithreaded wasm build under Node', () => {
  it('starts the threads it is asked for, and trains bit for bit as the single-threaded build does', async () => {
    const single = await trainTwoSteps();
    expect(single.threads).toBe(1);

    const swap = useThreadedWasm(tf, wasmPackage as unknown as WasmPackage, 2);
    try {
      const threaded = await trainTwoSteps();
      // Asked for 2 whatever this machine's core count: the pool is sized as asked.
      expect(threaded.threads).toBe(2);
      expect(threaded.values.length).toBe(single.values.length);
      threaded.values.forEach((values, i) => {
        const expected = single.values[i] ?? new Float32Array();
        expect(values.length).toBe(expected.length);
        // Bit for bit, NaN-safe: compare the float32 bit patterns.
        expect(new Uint32Array(values.buffer, values.byteOffset, values.length)).toEqual(
          new Uint32Array(expected.buffer, expected.byteOffset, expected.length),
        );
      });
    } finally {
      swap.restore();
    }
    // Training moved the weights: the comparison above compared trained weights.
    expect(single.values[0]?.every(Number.isFinite)).toBe(true);
  }, 120_000);

  it('fails with a reason, not a hang, when its worker script cannot be written, and the stock build comes back', async () => {
    const factory = threadedWasmBackendFactory(wasmPackage as unknown as WasmPackage, 2, {
      cacheDir: '/dev/null/ganvas',
      timeoutMs: 20_000,
    });
    await expect(factory()).rejects.toThrow(/ENOTDIR/);

    const swap = useThreadedWasm(tf, wasmPackage as unknown as WasmPackage, 2);
    swap.restore();
    await tf.setBackend('wasm');
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);
    expect(wasmPackage.getThreadsCount()).toBe(1);
  });
});
