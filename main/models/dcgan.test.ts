import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator, type DcganConfig } from './dcgan.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('DCGAN (Radford et al.)', () => {
  it.each([32, 64, 128] as const)(
    'maps z to a %i px RGB image in [-1, 1], and an image to one logit',
    (size) => {
      const config: DcganConfig = { size, latentDim: 16, width: 4 };
      const generator = createGenerator(config);
      const discriminator = createDiscriminator(config);
      tf.tidy(() => {
        const images = generator.predict(tf.randomNormal([2, 16])) as tf.Tensor;
        expect(images.shape).toEqual([2, size, size, 3]);
        expect(images.min().dataSync()[0]).toBeGreaterThanOrEqual(-1);
        expect(images.max().dataSync()[0]).toBeLessThanOrEqual(1);
        expect((discriminator.predict(images) as tf.Tensor).shape).toEqual([2, 1]);
      });
      generator.dispose();
      discriminator.dispose();
    },
  );

  it('follows the architecture rules: strided (transposed) convolutions, no pooling, batchnorm but not at G output or D input', () => {
    const config: DcganConfig = { size: 64, latentDim: 100, width: 8 };
    const g = createGenerator(config).layers.map((layer) => layer.getClassName());
    const d = createDiscriminator(config).layers.map((layer) => layer.getClassName());
    expect(g.filter((name) => name === 'Conv2DTranspose')).toHaveLength(4);
    expect(g.at(-1)).toBe('Activation');
    expect(g.at(-2)).toBe('Conv2DTranspose'); // the output layer has no batchnorm
    expect(d.slice(0, 2)).toEqual(['Conv2D', 'LeakyReLU']); // the input layer has no batchnorm
    expect(d.filter((name) => name === 'BatchNormalization')).toHaveLength(3);
    expect([...g, ...d].some((name) => name.includes('Pooling'))).toBe(false);
  });

  it('doubles the filters towards the 4x4 core, from `width` at the image end', () => {
    const generator = createGenerator({ size: 64, latentDim: 100, width: 8 });
    const filters = generator.layers
      .filter((layer) => layer.getClassName() === 'Conv2DTranspose')
      .map((layer) => (layer.getConfig() as { filters: number }).filters);
    expect(filters).toEqual([32, 16, 8, 3]);
    expect(generator.layers[0]?.outputShape).toEqual([null, 4 * 4 * 64]);
  });

  it('leaks no tensors across a forward pass', () => {
    const config: DcganConfig = { size: 32, latentDim: 8, width: 4 };
    const generator = createGenerator(config);
    const discriminator = createDiscriminator(config);
    const pass = (): tf.Tensor =>
      tf.tidy(
        () => discriminator.predict(generator.predict(tf.randomNormal([4, 8])) as tf.Tensor) as tf.Tensor,
      );
    pass().dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) pass().dispose();
    expect(tf.memory().numTensors).toBe(before);
    generator.dispose();
    discriminator.dispose();
  });

  it('trains: a few Adam(2e-4, 0.5) steps lower the loss of each network on a fixed batch (gradients reach every layer)', async () => {
    const { discriminatorLoss, generatorLoss } = await import('./gan-losses.js');
    const config: DcganConfig = { size: 32, latentDim: 8, width: 4 };
    const generator = createGenerator(config);
    const discriminator = createDiscriminator(config);
    const real = tf.randomUniform([8, 32, 32, 3], -1, 1, 'float32', 1);
    const z = tf.randomNormal([8, 8], 0, 1, 'float32', 2);
    const dLoss = () =>
      discriminatorLoss(
        discriminator.apply(real, { training: true }) as tf.Tensor,
        discriminator.apply(generator.apply(z, { training: true }) as tf.Tensor, {
          training: true,
        }) as tf.Tensor,
      );
    const gLoss = () =>
      generatorLoss(
        discriminator.apply(generator.apply(z, { training: true }) as tf.Tensor, {
          training: true,
        }) as tf.Tensor,
      );
    const dOptimizer = tf.train.adam(2e-4, 0.5);
    const gOptimizer = tf.train.adam(2e-4, 0.5);
    const dBefore = tf.tidy(() => dLoss().dataSync()[0] ?? NaN);
    for (let i = 0; i < 5; i++)
      dOptimizer.minimize(
        dLoss,
        false,
        discriminator.trainableWeights.map((w) => w.read() as tf.Variable),
      );
    const dAfter = tf.tidy(() => dLoss().dataSync()[0] ?? NaN);
    expect(dAfter).toBeLessThan(dBefore);
    const gBefore = tf.tidy(() => gLoss().dataSync()[0] ?? NaN);
    for (let i = 0; i < 5; i++)
      gOptimizer.minimize(
        gLoss,
        false,
        generator.trainableWeights.map((w) => w.read() as tf.Variable),
      );
    const gAfter = tf.tidy(() => gLoss().dataSync()[0] ?? NaN);
    expect(gAfter).toBeLessThan(gBefore);
    tf.dispose([real, z]);
    dOptimizer.dispose();
    gOptimizer.dispose();
    generator.dispose();
    discriminator.dispose();
  });
});
