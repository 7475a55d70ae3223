import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seeded-random.js';
import { copyBox, makeSliceKernel, makeStridedSliceKernel } from './slice-from-heap.js';
import { replaceKernel } from './test-support/replace-kernel.js';

/** Runs `op` on the cpu backend and on wasm, and returns both results as plain arrays. */
async function onBothBackends(
  op: () => tf.Tensor,
): Promise<{ cpu: tf.TensorLike; wasm: tf.TensorLike; shapes: number[][] }> {
  await tf.setBackend('cpu');
  const onCpu = tf.tidy(op);
  await tf.setBackend('wasm');
  const onWasm = tf.tidy(op);
  const result = {
    cpu: await onCpu.array(),
    wasm: await onWasm.array(),
    shapes: [onCpu.shape, onWasm.shape],
  };
  tf.dispose([onCpu, onWasm]);
  return result;
}

function randomTensor(shape: number[], seed: number, dtype: 'float32' | 'int32' | 'bool' = 'float32') {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () =>
    dtype === 'float32'
      ? random() * 2 - 1
      : dtype === 'int32'
        ? Math.floor(random() * 1000) - 500
        : random() < 0.5
          ? 1
          : 0,
  );
  return tf.tensor(values, shape, dtype);
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  replaceKernel('Slice', 'wasm', (original) => makeSliceKernel(tf, original));
  replaceKernel('StridedSlice', 'wasm', (original) => makeStridedSliceKernel(tf, original));
});

describe('copyBox', () => {
  it('copies a box of a 3D array, merging whole trailing axes into runs', () => {
    // shape [2, 3, 4], values 0..23; the box [1, 1..3, 0..4) is rows 1 and 2 of the second block.
    const source = Float32Array.from({ length: 24 }, (_, i) => i);
    const target = new Float32Array(8);
    copyBox(source, [2, 3, 4], [1, 1, 0], [1, 2, 4], target);
    expect([...target]).toEqual([16, 17, 18, 19, 20, 21, 22, 23]);
    const inner = new Float32Array(4);
    copyBox(source, [2, 3, 4], [0, 1, 1], [2, 1, 2], inner);
    expect([...inner]).toEqual([5, 6, 17, 18]);
  });
});

describe('Slice read through a view of the wasm heap', () => {
  const random = seededRandom(11);
  const pick = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const cases = Array.from({ length: 40 }, (_, i) => {
    const rank = 1 + (i % 6);
    const shape = Array.from({ length: rank }, () => pick(1, 6));
    const begin = shape.map((side) => pick(0, side - 1));
    // -1 (to the end) now and then, and now and then an empty slice.
    const size = shape.map((side, axis) =>
      i % 7 === 0 && axis === 0 ? 0 : random() < 0.2 ? -1 : pick(1, side - (begin[axis] ?? 0)),
    );
    const dtype = (['float32', 'int32', 'bool'] as const)[i % 3] ?? 'float32';
    return { shape, begin, size, dtype };
  });

  it.each(cases)('equals the cpu backend’s slice: %j', async ({ shape, begin, size, dtype }) => {
    const { cpu, wasm, shapes } = await onBothBackends(() =>
      tf.slice(randomTensor(shape, shape.length, dtype), begin, size),
    );
    expect(shapes[1]).toEqual(shapes[0]);
    expect(wasm).toEqual(cpu);
  });
});

describe('StridedSlice with unit strides read through a view of the wasm heap', () => {
  const cases: Array<{
    shape: number[];
    begin: number[];
    end: number[];
    strides: number[];
    masks?: number[];
  }> = [
    // The patch-gathering slices of the weight gradient: channels-first activation, one tap.
    { shape: [5, 1, 7, 7], begin: [0, 0, 1, 2], end: [5, 1, 6, 7], strides: [1, 1, 1, 1] },
    { shape: [4, 6], begin: [-3, 1], end: [-1, 5], strides: [1, 1] },
    // begin, end, ellipsis, new-axis and shrink masks.
    {
      shape: [3, 4, 5],
      begin: [1, 0, 2],
      end: [2, 3, 4],
      strides: [1, 1, 1],
      masks: [0b010, 0b100, 0, 0, 0b001],
    },
    { shape: [3, 4, 5], begin: [0, 1], end: [0, 3], strides: [1, 1], masks: [0, 0, 0b01, 0, 0] },
    { shape: [3, 4], begin: [0, 1, 0], end: [0, 3, 4], strides: [1, 1, 1], masks: [0, 0, 0, 0b001, 0] },
    // Left to the backend: a stride of 2 and a reversed slice.
    { shape: [2, 9, 9, 3], begin: [0, 1, 0, 0], end: [2, 9, 9, 3], strides: [1, 2, 2, 1] },
    { shape: [6, 2], begin: [5, 0], end: [0, 2], strides: [-1, 1] },
    // The whole tensor (an identity).
    { shape: [2, 3], begin: [0, 0], end: [2, 3], strides: [1, 1] },
  ];

  it.each(cases)(
    'equals the cpu backend’s strided slice: %j',
    async ({ shape, begin, end, strides, masks = [] }) => {
      const { cpu, wasm, shapes } = await onBothBackends(() =>
        tf.stridedSlice(randomTensor(shape, 3), begin, end, strides, ...masks),
      );
      expect(shapes[1]).toEqual(shapes[0]);
      expect(wasm).toEqual(cpu);
    },
  );

  it('frees what it allocates', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor([4, 5, 6], 1);
    const before = tf.memory().numBytes;
    tf.dispose([tf.stridedSlice(x, [1, 0, 0], [3, 5, 6], [1, 1, 1]), tf.slice(x, [0, 1, 1], [2, 2, 2])]);
    expect(tf.memory().numBytes).toBe(before);
    x.dispose();
  });
});
