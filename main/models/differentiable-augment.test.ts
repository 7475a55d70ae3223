import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomFor } from '../random/counter-random.js';
import { augment } from './differentiable-augment.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const all = { translation: true, cutout: true, colour: true };
const none = { translation: false, cutout: false, colour: false };

describe('differentiable augmentation (Zhao et al.)', () => {
  it('keeps the shape, and is the identity with every policy off', () => {
    const x = tf.randomUniform([3, 16, 16, 3], -1, 1) as tf.Tensor4D;
    const out = augment(x, all, randomFor(1));
    expect(out.shape).toEqual([3, 16, 16, 3]);
    const same = augment(x, none, randomFor(1));
    expect(Array.from(same.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, out, same]);
  });

  it('replays exactly from the same random stream, and differs with another', () => {
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1) as tf.Tensor4D;
    const [a, b, c] = [randomFor(5, 1), randomFor(5, 1), randomFor(5, 2)].map((r) => augment(x, all, r));
    expect(Array.from(a?.dataSync() ?? [])).toEqual(Array.from(b?.dataSync() ?? []));
    expect(Array.from(a?.dataSync() ?? [])).not.toEqual(Array.from(c?.dataSync() ?? []));
    tf.dispose([x, a, b, c].filter((t): t is tf.Tensor4D => t !== undefined));
  });

  it('translates by whole pixels with zero padding', () => {
    // One bright pixel in the middle of a 16 px image moves by at most 2 px (1/8) on each axis.
    const values = new Float32Array(16 * 16);
    values[8 * 16 + 8] = 1;
    const x = tf.tensor4d(values, [1, 16, 16, 1]);
    for (let seed = 0; seed < 10; seed++) {
      const out = augment(x, { ...none, translation: true }, randomFor(seed)).dataSync();
      const at = out.findIndex((v) => v === 1);
      expect(Array.from(out).reduce((a, b) => a + b)).toBe(1);
      expect(Math.abs(Math.floor(at / 16) - 8)).toBeLessThanOrEqual(2);
      expect(Math.abs((at % 16) - 8)).toBeLessThanOrEqual(2);
    }
    x.dispose();
  });

  it('cuts out a square of at most half the image on each side', () => {
    const x = tf.ones([4, 16, 16, 3]) as tf.Tensor4D;
    const out = augment(x, { ...none, cutout: true }, randomFor(3));
    const zeros = out.dataSync().filter((v) => v === 0).length / 3 / 4;
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThanOrEqual(64);
    tf.dispose([x, out]);
  });

  it("lets the gradient through to the images (G learns through D's augmented view)", () => {
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1) as tf.Tensor4D;
    const grad = tf.grad((images: tf.Tensor) => tf.sum(augment(images as tf.Tensor4D, all, randomFor(9))))(x);
    expect(grad.shape).toEqual(x.shape);
    expect(grad.abs().sum().dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, grad]);
  });
});
