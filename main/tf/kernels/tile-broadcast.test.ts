import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../backend-loader.js';
import { makeTileKernel } from './tile-broadcast.js';

/** The backend's own Tile, called directly: the reference. */
function ownTile(x: tf.Tensor, reps: number[]) {
  const own = tf.getKernel('Tile', 'cpu').kernelFunc;
  return tf.tidy(() => {
    const info = own({ inputs: { x }, attrs: { reps }, backend: tf.backend() }) as tf.TensorInfo;
    return tf.engine().makeTensorFromTensorInfo(info);
  });
}

describe('Tile as a broadcasting multiply', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    [
      [1, 1, 1, 5],
      [3, 7, 9, 1],
    ],
    [
      [1, 4],
      [6, 1],
    ],
    [
      [2, 1, 3],
      [1, 5, 1],
    ],
    [[1], [11]],
  ])('matches the backend’s own Tile bit for bit: %j tiled %j', (shape, reps) => {
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) =>
      i === 0 ? Number.NaN : i === 1 ? -0 : i === 2 ? Number.POSITIVE_INFINITY : Math.sin(i * 7.1) * 1e3,
    );
    const x = tf.tensor(values, shape);
    const kernel = makeTileKernel(tf, tf.getKernel('Tile', 'cpu').kernelFunc);
    const ours = kernel({ inputs: { x }, attrs: { reps }, backend: tf.backend() }) as tf.Tensor;
    const expected = ownTile(x, reps);
    expect(ours.shape).toEqual(expected.shape);
    expect(Array.from(ours.dataSync()).map(String)).toEqual(Array.from(expected.dataSync()).map(String));
    tf.dispose([x, ours, expected]);
  });

  it('leaves a real tile (a repeated axis longer than 1) and int32 ones to the right kernel', () => {
    const own = tf.getKernel('Tile', 'cpu').kernelFunc;
    let called = 0;
    const kernel = makeTileKernel(tf, (params) => {
      called += 1;
      return own(params);
    });
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const tiled = kernel({ inputs: { x }, attrs: { reps: [2, 3] }, backend: tf.backend() }) as tf.TensorInfo;
    expect(called).toBe(1);
    expect(tiled.shape).toEqual([4, 6]);
    const ints = tf.tensor2d([1, 2], [1, 2], 'int32');
    const broadcast = kernel({
      inputs: { x: ints },
      attrs: { reps: [3, 1] },
      backend: tf.backend(),
    }) as tf.Tensor;
    expect(Array.from(broadcast.dataSync())).toEqual([1, 2, 1, 2, 1, 2]);
    expect(called).toBe(1);
  });

  it('is what the wasm backend runs for tf.tile, with the same results', async () => {
    const expected = tf.tidy(() => tf.tile(tf.tensor4d([1, -2, 3.5], [1, 1, 1, 3]), [2, 2, 2, 1]).dataSync());
    await loadBackend({ setting: 'wasm', env: {} });
    const actual = tf.tidy(() => tf.tile(tf.tensor4d([1, -2, 3.5], [1, 1, 1, 3]), [2, 2, 2, 1]).dataSync());
    expect(Array.from(actual)).toEqual(Array.from(expected));
    await tf.setBackend('cpu');
  });
});
