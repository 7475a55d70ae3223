import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator } from './dcgan.js';
import { dcganStep, type DcganNetworks } from './dcgan-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function networks(): DcganNetworks {
  const config = { size: 32, latentDim: 8, width: 4 } as const;
  return {
    generator: createGenerator(config),
    discriminator: createDiscriminator(config),
    generatorOptimizer: tf.train.adam(2e-4, 0.5),
    discriminatorOptimizer: tf.train.adam(2e-4, 0.5),
  };
}

describe('dcganStep', () => {
  it('reports finite losses and D outputs as probabilities', () => {
    const nets = networks();
    const real = tf.randomUniform([4, 32, 32, 3], -1, 1) as tf.Tensor4D;
    const result = dcganStep(nets, { real, latentDim: 8, seed: 1 });
    const [dLoss, gLoss, dReal, dFake] = [result.dLoss, result.gLoss, result.dReal, result.dFake].map(
      (t) => t.dataSync()[0] ?? NaN,
    );
    expect(Number.isFinite(dLoss) && Number.isFinite(gLoss)).toBe(true);
    for (const probability of [dReal, dFake]) {
      expect(probability).toBeGreaterThan(0);
      expect(probability).toBeLessThan(1);
    }
    tf.dispose([real, result.dLoss, result.gLoss, result.dReal, result.dFake]);
  });

  it('keeps the tensor count flat from step to step (k = 2 discriminator updates)', () => {
    const nets = networks();
    const real = tf.randomUniform([4, 32, 32, 3], -1, 1) as tf.Tensor4D;
    const step = () => {
      const result = dcganStep(nets, { real, latentDim: 8, discriminatorSteps: 2, seed: 3 });
      tf.dispose([result.dLoss, result.gLoss, result.dReal, result.dFake]);
    };
    step(); // the optimizers create their moment variables on the first step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    real.dispose();
  });

  it('teaches D to tell a fixed real batch from the fakes', () => {
    const nets = networks();
    const real = tf.fill([8, 32, 32, 3], 0.8) as tf.Tensor4D;
    let gap = 0;
    for (let i = 0; i < 15; i++) {
      const result = dcganStep(nets, { real, latentDim: 8, seed: 10 + i });
      gap = (result.dReal.dataSync()[0] ?? 0) - (result.dFake.dataSync()[0] ?? 0);
      tf.dispose([result.dLoss, result.gLoss, result.dReal, result.dFake]);
    }
    expect(gap).toBeGreaterThan(0.05);
    real.dispose();
  });
});
