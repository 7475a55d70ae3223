import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { conv2dBackpropInputViaConv } from './conv2d-backprop-input.js';
import { DerivedFilterCache } from './derived-filter-cache.js';
import { randomValues } from './test-support/conv-cases.js';

/** A derivation that counts its builds: the weight's values, doubled. */
function doubling(weight: tf.Tensor) {
  let builds = 0;
  const build = () => {
    builds++;
    return [{ values: (weight.dataSync() as Float32Array).map((v) => 2 * v), shape: weight.shape }];
  };
  return { build, builds: () => builds };
}

describe.each(['cpu', 'wasm'])('DerivedFilterCache on %s', (backendName) => {
  it('builds once per live weight, and the tensors read the derived values', async () => {
    await tf.setBackend(backendName);
    const cache = new DerivedFilterCache(tf, 8);
    const weight = tf.tensor([1, -2, 3, 0.5], [2, 2]);
    const { build, builds } = doubling(weight);
    for (let use = 0; use < 3; use++) {
      const [derived] = cache.filters(weight, 'double', build);
      expect(await derived?.data()).toEqual(new Float32Array([2, -4, 6, 1]));
      derived?.dispose();
    }
    expect(builds()).toBe(1);
    // Another variant, or the same data seen with another shape, is another entry.
    tf.dispose(cache.filters(weight, 'other', build));
    tf.dispose(cache.filters(tf.reshape(weight, [4]), 'double', build));
    expect(builds()).toBe(3);
    cache.clear();
    weight.dispose();
  });

  it('is invisible to tf.memory(), and frees an entry once its weight is gone', async () => {
    await tf.setBackend(backendName);
    const cache = new DerivedFilterCache(tf, 8);
    const buffers = () => tf.backend().numDataIds();
    const before = { tensors: tf.memory().numTensors, buffers: buffers() };
    const weight = tf.tensor([1, 2, 3]);
    tf.dispose(cache.filters(weight, 'double', doubling(weight).build));
    expect(tf.memory().numTensors).toBe(before.tensors + 1);
    expect(buffers()).toBe(before.buffers + 2);
    weight.dispose();
    // Swept at the next lookup, whichever weight it is for.
    const next = tf.tensor([4]);
    tf.dispose(cache.filters(next, 'double', doubling(next).build));
    expect(cache.size).toBe(1);
    cache.clear();
    next.dispose();
    expect(buffers()).toBe(before.buffers);
    expect(tf.memory().numTensors).toBe(before.tensors);
  });

  it('a variable’s update is a new version: rebuilt, and the old one freed', async () => {
    await tf.setBackend(backendName);
    const cache = new DerivedFilterCache(tf, 8);
    const initial = tf.tensor([1, 2]);
    const weight = tf.variable(initial);
    initial.dispose();
    const { build, builds } = doubling(weight);
    tf.dispose(cache.filters(weight, 'double', build));
    // As an optimizer does: the old value's data is freed with the update.
    const update = tf.tensor([5, 6]);
    weight.assign(update);
    update.dispose();
    const [derived] = cache.filters(weight, 'double', build);
    expect(await derived?.data()).toEqual(new Float32Array([10, 12]));
    expect(builds()).toBe(2);
    expect(cache.size).toBe(1);
    derived?.dispose();
    cache.clear();
    weight.dispose();
  });

  it('keeps at most `capacity` weights, least recently used out first; capacity 0 keeps none', async () => {
    await tf.setBackend(backendName);
    const cache = new DerivedFilterCache(tf, 2);
    const weights = [tf.tensor([1]), tf.tensor([2]), tf.tensor([3])];
    const derivations = weights.map(doubling);
    const use = (i: number) =>
      tf.dispose(cache.filters(weights[i] as tf.Tensor, 'double', derivations[i]?.build ?? (() => [])));
    use(0);
    use(1);
    use(0);
    use(2); // evicts 1, the least recently used
    use(0);
    use(1);
    expect(derivations.map((d) => d.builds())).toEqual([1, 2, 1]);
    cache.clear();

    const none = new DerivedFilterCache(tf, 0);
    const [derived] = none.filters(weights[0] as tf.Tensor, 'double', derivations[0]?.build ?? (() => []));
    // Still readable: the tensor holds the data until it is disposed.
    expect(await derived?.data()).toEqual(new Float32Array([2]));
    expect(none.size).toBe(0);
    derived?.dispose();
    tf.dispose(weights);
  });
});

describe('Conv2DBackpropInput with cached phase filters', () => {
  it('gives the same bits as building them on every call', async () => {
    await tf.setBackend('wasm');
    const cache = new DerivedFilterCache(tf, 8);
    const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 16, 5), [3, 3, 8, 16]);
    const dy = tf.tensor4d(randomValues(2 * 5 * 5 * 16, 6), [2, 5, 5, 16]);
    const attrs = {
      strides: [2, 2] as [number, number],
      pad: 'same' as const,
      dataFormat: 'NHWC' as const,
      inputShape: [2, 10, 10, 8] as [number, number, number, number],
    };
    const uncached = tf.tidy(() => conv2dBackpropInputViaConv(tf, dy, filter, attrs).dataSync());
    for (let use = 0; use < 2; use++) {
      expect(tf.tidy(() => conv2dBackpropInputViaConv(tf, dy, filter, attrs, cache).dataSync())).toEqual(
        uncached,
      );
    }
    expect(cache.size).toBe(1);
    cache.clear();
    tf.dispose([filter, dy]);
  });
});
