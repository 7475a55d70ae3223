import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSharedCastKernel, makeSharedIdentityKernel } from './shared-data-kernels.js';
import { replaceKernel } from './test-support/replace-kernel.js';

const wasmHeapOffset = (t: tf.Tensor) =>
  (tf.backend() as unknown as { getMemoryOffset(dataId: tf.DataId): number }).getMemoryOffset(t.dataId);

beforeAll(async () => {
  await tf.setBackend('wasm');
  replaceKernel('Identity', 'wasm', makeSharedIdentityKernel);
  replaceKernel('Cast', 'wasm', makeSharedCastKernel);
});

describe('Identity and same-dtype Cast share the heap data', () => {
  it('a clone reads the same values from the same heap buffer, and outlives the original', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor([1.5, -2, 3.25, Number.NaN], [2, 2]);
    const copy = tf.clone(x);
    expect(wasmHeapOffset(copy)).toBe(wasmHeapOffset(x));
    x.dispose();
    expect(copy.isDisposed).toBe(false);
    expect(await copy.data()).toEqual(new Float32Array([1.5, -2, 3.25, Number.NaN]));
    copy.dispose();
  });

  it('frees the buffer once both are disposed, and not before', async () => {
    await tf.setBackend('wasm');
    const buffers = () => tf.backend().numDataIds();
    const before = buffers();
    const x = tf.ones([64]);
    const same = tf.cast(x, 'float32');
    expect(buffers() - before).toBe(1);
    x.dispose();
    expect(buffers() - before).toBe(1);
    expect(await same.data()).toEqual(new Float32Array(64).fill(1));
    same.dispose();
    expect(buffers()).toBe(before);
  });

  it('a cast to another dtype still converts (the backend’s own kernel)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor([1.7, -2.2, 0]);
    const asInt = tf.cast(x, 'int32');

    expect(wasmHeapOffset(asInt)).not.toBe(wasmHeapOffset(x));
    expect(await asInt.data()).toEqual(new Int32Array([1, -2, 0]));
    tf.dispose([x, asInt]);
  });

  it('gradients through saved (cloned) tensors are unchanged', async () => {
    // The engine clones the inputs a gradient needs; x·x's gradient 2x reads them.
    await tf.setBackend('wasm');
    const x = tf.tensor([0.5, -3, 7]);
    const gradient = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.square(v), v)))(x);
    expect(await gradient.data()).toEqual(new Float32Array([0.75, 27, 147]));
    tf.dispose([x, gradient]);
  });
});
