import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomFor } from '../../random/counter-random.js';
import { jitter } from './jitter.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('jitter (Zhu et al., appendix 7.1: enlarge, random crop, random flip)', () => {
  it('keeps the batch and size, and the same random stream gives the same crops', () => {
    const images = tf.randomUniform([3, 16, 16, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
    const a = jitter(images, 16, randomFor(7));
    const b = jitter(images, 16, randomFor(7));
    const c = jitter(images, 16, randomFor(8));
    expect(a.shape).toEqual([3, 16, 16, 3]);
    expect(a.dataSync()).toEqual(b.dataSync());
    expect(a.dataSync()).not.toEqual(c.dataSync());
    tf.dispose([images, a, b, c]);
  });

  it('crops at the offsets and flips as the random numbers say', () => {
    // A horizontal ramp: the crop's left edge and direction show in its first row.
    const ramp = tf.tidy(() =>
      tf.linspace(0, 17, 18).reshape([1, 1, 18, 1]).tile([1, 18, 1, 3]),
    ) as tf.Tensor4D;
    // 16 px → enlarged to 18: offsets 0..2. Numbers: top 0.0 → 0, left 0.99 → 2, flip 0.9 → no flip.
    const values = [0, 0.99, 0.9];
    const kept = jitter(tf.slice(ramp, [0, 0, 0, 0], [1, 16, 16, 3]), 16, () => values.shift() ?? 0);
    const grown = tf.image.resizeBilinear(tf.slice(ramp, [0, 0, 0, 0], [1, 16, 16, 3]), [18, 18]);
    const expected = tf.slice(grown, [0, 0, 2, 0], [1, 16, 16, 3]);
    expect(kept.dataSync()).toEqual(expected.dataSync());
    const flipValues = [0, 0.99, 0.1];
    const flipped = jitter(tf.slice(ramp, [0, 0, 0, 0], [1, 16, 16, 3]), 16, () => flipValues.shift() ?? 0);
    expect(flipped.dataSync()).toEqual(tf.reverse(expected, 2).dataSync());
    tf.dispose([ramp, kept, grown, expected, flipped]);
  });
});
