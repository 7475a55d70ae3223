import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { downsampleImages, ImageBatches } from './image-batches.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Image n is filled with the value n, so a batch says which images it holds. */
function numbered(count: number, size: number): Uint8Array {
  const out = new Uint8Array(count * size * size * 3);
  for (let n = 0; n < count; n++) out.fill(n, n * size * size * 3, (n + 1) * size * size * 3);
  return out;
}

function idsOf(batch: tf.Tensor4D): number[] {
  const values = batch.dataSync();
  const per = batch.shape[1] * batch.shape[2] * 3;
  return Array.from({ length: batch.shape[0] }, (_, b) => Math.round(((values[b * per] ?? 0) + 1) * 127.5));
}

describe('ImageBatches', () => {
  it('visits every image once per epoch, in a new shuffled order each epoch', () => {
    const batches = new ImageBatches(numbered(10, 2), 10, 2, 42);
    const first = [...idsOf(batches.next(5)), ...idsOf(batches.next(5))];
    const second = [...idsOf(batches.next(5)), ...idsOf(batches.next(5))];
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...second].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
    expect(batches.cursor).toEqual({ epoch: 1, position: 10 });
  });

  it('continues exactly from a saved cursor', () => {
    const a = new ImageBatches(numbered(7, 2), 7, 2, 3);
    a.next(4).dispose();
    const cursor = { ...a.cursor };
    const expected = idsOf(a.next(6));
    const b = new ImageBatches(numbered(7, 2), 7, 2, 3, cursor);
    expect(idsOf(b.next(6))).toEqual(expected);
  });

  it('maps bytes to [-1, 1]', () => {
    const batch = new ImageBatches(
      new Uint8Array([0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 0, 255]),
      1,
      2,
      1,
    ).next(1);
    expect(Array.from(batch.dataSync()).slice(0, 2)).toEqual([-1, 1]);
  });
});

describe('downsampleImages', () => {
  it('averages each block (box filter)', () => {
    // One 2x2 image: four pixels of grey 0, 100, 200, 100 become one pixel of 100.
    const image = new Uint8Array([0, 0, 0, 100, 100, 100, 200, 200, 200, 100, 100, 100]);
    expect(Array.from(downsampleImages(image, 1, 2, 1))).toEqual([100, 100, 100]);
  });

  it('refuses factors that are not powers of two', () => {
    expect(() => downsampleImages(new Uint8Array(48 * 48 * 3), 1, 48, 32)).toThrow(/Cannot shrink/);
  });
});
