import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { createPatchDiscriminator, createResnetGenerator, type CycleganConfig } from './cyclegan.js';
import { cycleganStep, type CycleganNetworks } from './cyclegan-step.js';
import { ImagePool } from './image-pool.js';
import { randomFor } from '../random/counter-random.js';
import { loadBackend } from '../tf/backend-loader.js';

beforeAll(async () => {
  // wasm: a 64 px CycleGAN step takes half a minute on the cpu backend.
  await loadBackend({ setting: 'wasm', env: {} });
});

const small: CycleganConfig = { size: 64, width: 4, residualBlocks: 2, seed: 3 };

function layerCount(model: tf.LayersModel, className: string): number {
  return model.layers.filter((layer) => layer.getClassName() === className).length;
}

describe('CycleGAN networks (Zhu et al., appendix 7.2)', () => {
  it.each([64, 128] as const)(
    'the ResNet generator maps a %i px image to one of the same size in [-1, 1]',
    (size) => {
      const generator = createResnetGenerator({ ...small, size }, 'g');
      tf.tidy(() => {
        const out = generator.predict(tf.randomUniform([2, size, size, 3], -1, 1, 'float32', 1)) as tf.Tensor;
        expect(out.shape).toEqual([2, size, size, 3]);
        expect(out.min().dataSync()[0]).toBeGreaterThanOrEqual(-1);
        expect(out.max().dataSync()[0]).toBeLessThanOrEqual(1);
      });
      generator.dispose();
    },
  );

  it('the generator is fully convolutional: it translates an image of another shape (sides divisible by 4)', () => {
    const generator = createResnetGenerator(small, 'g');
    const out = tf.tidy(() => generator.predict(tf.zeros([1, 48, 80, 3])) as tf.Tensor);
    expect(out.shape).toEqual([1, 48, 80, 3]);
    generator.dispose();
  });

  it('c7s1-w, d2w, d4w, n residual blocks, u2w, uw, c7s1-3: convolutions, reflection padding and instance norm where the paper puts them', () => {
    const generator = createResnetGenerator({ ...small, residualBlocks: 6 }, 'g');
    // 1 + 2 down + 2 per block + 1 out convolutions, 2 transposed.
    expect(layerCount(generator, 'Conv2D')).toBe(1 + 2 + 2 * 6 + 1);
    expect(layerCount(generator, 'Conv2DTranspose')).toBe(2);
    expect(layerCount(generator, 'GanvasReflectionPadding2D')).toBe(2 + 2 * 6);
    // After every convolution but the last.
    expect(layerCount(generator, 'GanvasInstanceNormalization')).toBe(3 + 2 * 6 + 2);
    expect(layerCount(generator, 'Add')).toBe(6);
    const filters = generator.layers
      .filter((layer) => layer.getClassName() === 'Conv2D')
      .map((layer) => (layer.getConfig() as { filters: number }).filters);
    expect(filters.slice(0, 3)).toEqual([4, 8, 16]);
    expect(filters.at(-1)).toBe(3);
    generator.dispose();
  });

  it.each([
    [64, 6],
    [128, 14],
  ] as const)('the PatchGAN discriminator scores a %i px image as a %i×%i map of patches', (size, side) => {
    const discriminator = createPatchDiscriminator({ ...small, size }, 'd');
    const out = tf.tidy(() => discriminator.predict(tf.zeros([1, size, size, 3])) as tf.Tensor);
    expect(out.shape).toEqual([1, side, side, 1]);
    // C64 (no norm) - C128 - C256 - C512, then one channel: instance norm in three layers.
    expect(layerCount(discriminator, 'GanvasInstanceNormalization')).toBe(3);
    expect(layerCount(discriminator, 'LeakyReLU')).toBe(4);
    discriminator.dispose();
  });

  it('a training step moves all four networks and leaks no tensors', async () => {
    const networks: CycleganNetworks = {
      generatorAB: createResnetGenerator(small, 'gab'),
      generatorBA: createResnetGenerator({ ...small, seed: 4 }, 'gba'),
      discriminatorA: createPatchDiscriminator(small, 'da'),
      discriminatorB: createPatchDiscriminator({ ...small, seed: 5 }, 'db'),
      generatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
      discriminatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
    };
    const models = [
      networks.generatorAB,
      networks.generatorBA,
      networks.discriminatorA,
      networks.discriminatorB,
    ];
    const before = models.map((model) => model.getWeights()[0]?.clone() as tf.Tensor);
    const realA = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    const realB = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
    const pools = { poolA: new ImagePool(50, 64 * 64 * 3), poolB: new ImagePool(50, 64 * 64 * 3) };
    const step = (n: number) => {
      const result = cycleganStep(networks, {
        realA,
        realB,
        cycleWeight: 10,
        identityWeight: 0.5,
        ...pools,
        random: randomFor(1, n),
      });
      const values = Object.fromEntries(Object.entries(result).map(([name, t]) => [name, t.dataSync()[0]]));
      tf.dispose(Object.values(result));
      return values;
    };
    step(1);
    const counted = tf.memory().numTensors;
    const values = step(2);
    step(3);
    expect(tf.memory().numTensors).toBe(counted);
    for (const value of Object.values(values)) expect(Number.isFinite(value)).toBe(true);
    expect(values.cycle).toBeGreaterThan(0);
    expect(pools.poolA.size).toBe(3);
    models.forEach((model, i) => {
      const moved = tf
        .max(tf.abs(tf.sub(model.getWeights()[0] as tf.Tensor, before[i] as tf.Tensor)))
        .dataSync()[0];
      expect(moved).toBeGreaterThan(0);
    });
  });
});
