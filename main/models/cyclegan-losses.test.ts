import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lsganDiscriminatorLoss, lsganGeneratorLoss, meanAbsoluteError } from './cyclegan-losses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (t: tf.Scalar) => t.dataSync()[0];

describe('CycleGAN losses', () => {
  it('LSGAN: D is at zero loss when it scores real 1 and fake 0, G when D scores its fakes 1 (Mao et al.)', () => {
    expect(value(lsganDiscriminatorLoss(tf.ones([1, 6, 6, 1]), tf.zeros([1, 6, 6, 1])))).toBe(0);
    expect(value(lsganGeneratorLoss(tf.ones([1, 6, 6, 1])))).toBe(0);
  });

  it('LSGAN: ½(mean (D(y)−1)²) + ½(mean D(G(x))²) for D, mean (D(G(x))−1)² for G', () => {
    const real = tf.tensor4d([0.5, 1.5, 1, 1], [1, 2, 2, 1]);
    const fake = tf.tensor4d([0.2, 0, -0.4, 0], [1, 2, 2, 1]);
    // real: (0.25 + 0.25 + 0 + 0) / 4 = 0.125; fake: (0.04 + 0 + 0.16 + 0) / 4 = 0.05.
    expect(value(lsganDiscriminatorLoss(real, fake))).toBeCloseTo(0.5 * (0.125 + 0.05), 6);
    // (0.64 + 1 + 1.96 + 1) / 4 = 1.15.
    expect(value(lsganGeneratorLoss(fake))).toBeCloseTo(1.15, 6);
  });

  it('L1 for cycle and identity: the mean absolute difference', () => {
    expect(value(meanAbsoluteError(tf.tensor1d([1, -1, 0.5, 0]), tf.tensor1d([0, 1, 0.5, -1])))).toBeCloseTo(
      1,
      6,
    );
  });
});
