import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discriminatorLoss, generatorLoss } from './gan-losses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (scalar: tf.Scalar) => scalar.dataSync()[0] ?? NaN;

describe('GAN losses', () => {
  it('are log 4 for D and log 2 for G when D cannot tell (D = 1/2 everywhere)', () => {
    const undecided = tf.zeros([8, 1]);
    expect(value(discriminatorLoss(undecided, undecided))).toBeCloseTo(2 * Math.log(2), 5);
    expect(value(generatorLoss(undecided))).toBeCloseTo(Math.log(2), 5);
  });

  it('reward a discriminator that is right and punish one that is wrong', () => {
    const right = value(discriminatorLoss(tf.fill([4, 1], 6), tf.fill([4, 1], -6)));
    const wrong = value(discriminatorLoss(tf.fill([4, 1], -6), tf.fill([4, 1], 6)));
    expect(right).toBeLessThan(0.01);
    expect(wrong).toBeGreaterThan(10);
  });

  it('smooths only the real label', () => {
    // With real label 0.9, a perfectly confident D is no longer at the minimum.
    const confident = tf.fill([4, 1], 20);
    const smoothed = value(discriminatorLoss(confident, tf.fill([4, 1], -20), 0.9));
    expect(smoothed).toBeGreaterThan(1);
  });

  it('give the generator a strong gradient where the saturating loss vanishes (D rejects the fakes)', () => {
    const rejected = tf.fill([1, 1], -6); // D(G(z)) ≈ 0.0025
    const nonSaturating =
      tf
        .grad((logits: tf.Tensor) => generatorLoss(logits))(rejected)
        .dataSync()[0] ?? 0;
    const saturating =
      tf
        .grad((logits: tf.Tensor) => tf.log(tf.sub(1, tf.sigmoid(logits))).mean() as tf.Scalar)(rejected)
        .dataSync()[0] ?? 0;
    expect(Math.abs(nonSaturating)).toBeGreaterThan(0.99);
    expect(Math.abs(saturating)).toBeLessThan(0.003);
  });
});
