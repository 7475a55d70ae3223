import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { leakyReluGradient } from './leaky-relu-gradient.js';
import { randomValues } from './test-support/conv-cases.js';

/** tfjs's own gradient of LeakyReLU, kept before this file's replaces it. */
const stock = tf.getGradient('LeakyRelu');

function gradient(config: tf.GradConfig, x: tf.Tensor, dy: tf.Tensor, alpha: number): Uint32Array {
  const dx = tf.tidy(() => {
    const grads = config.gradFunc(dy, [x], { alpha } as unknown as tf.NamedAttrMap);
    const result = grads['x']?.();
    if (!result) throw new Error('no gradient for x');
    return result;
  });
  // The float32 bit patterns, so -0 and 0 (and NaNs) count as different.
  const bits = new Uint32Array((dx.dataSync() as Float32Array).slice().buffer);
  dx.dispose();
  return bits;
}

describe('LeakyReLU gradient as dy · step(x, α)', () => {
  it.each(['cpu', 'wasm'])(
    'equals tfjs’s own gradient bit for bit on %s (zeros, −0, negatives)',
    async (backend) => {
      await tf.setBackend(backend);
      const values = randomValues(4096, 5);
      values.set([0, -0, 1e-30, -1e-30, 3, -3]);
      const x = tf.tensor(values, [4, 1024]);
      const dy = tf.tensor(
        randomValues(4096, 6).map((v, i) => (i === 7 ? -0 : v * 100)),
        [4, 1024],
      );
      for (const alpha of [0.2, 0.01, 0.3]) {
        expect(gradient(leakyReluGradient(tf), x, dy, alpha)).toEqual(gradient(stock, x, dy, alpha));
      }
      tf.dispose([x, dy]);
    },
  );

  it('trains through tf.grad the same once registered', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomValues(512, 8), [8, 64]);
    const run = () =>
      tf.tidy(() =>
        tf
          .grad((input: tf.Tensor) => tf.leakyRelu(input, 0.2).square().sum())(x)
          .dataSync(),
      );
    const before = run();
    tf.registerGradient(leakyReluGradient(tf));
    try {
      expect(run()).toEqual(before);
    } finally {
      tf.registerGradient(stock);
    }
    x.dispose();
  });
});
