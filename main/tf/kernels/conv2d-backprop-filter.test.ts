import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dBackpropFilterViaConv,
  conv2dBackpropFilterViaMatMul,
  gatherPatchesTransposedByOps,
  gatherPatchesTransposedInto,
} from './conv2d-backprop-filter.js';
import { installFastKernels } from './install-fast-kernels.js';
import {
  maxError,
  randomCases,
  randomValues as values,
  sizeOf as size,
  type ConvCase as Case,
} from './test-support/conv-cases.js';

/** The cpu backend's own kernel, which this file never replaces: the reference. */
function referenceOnCpu(
  c: Case,
  xValues: Float32Array,
  dyShape: [number, number, number, number],
  dyValues: Float32Array,
) {
  return tf.tidy(() => {
    const x = tf.tensor4d(xValues, c.x);
    const dy = tf.tensor(dyValues, dyShape);
    const attrs = {
      strides: c.strides,
      pad: c.pad,
      dataFormat: 'NHWC',
      filterShape: [...c.kernel, c.x[3], c.outChannels],
    };
    return (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor).dataSync();
  });
}

function outputShape(c: Case): [number, number, number, number] {
  return tf.tidy(
    () =>
      tf.conv2d(
        tf.zeros(c.x) as tf.Tensor4D,
        tf.zeros([...c.kernel, c.x[3], c.outChannels]) as tf.Tensor4D,
        c.strides,
        c.pad,
      ).shape,
  );
}

const ways = [
  ['a forward convolution', conv2dBackpropFilterViaConv],
  ['a product of gathered patches', conv2dBackpropFilterViaMatMul],
] as const;

describe('Conv2DBackpropFilter via a forward convolution or a product of patches', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(ways)(
    'via %s matches the cpu kernel on random shapes (odd sizes, strides 1 and 2, same and valid)',
    async (_, way) => {
      await tf.setBackend('cpu');
      const cases = randomCases(24, 7);
      expect(new Set(cases.map((c) => `${c.pad}/${c.strides.join('x')}`)).size).toBe(8);
      const prepared = cases.map((c, i) => {
        const dyShape = outputShape(c);
        const xValues = values(size(c.x), 11 + i);
        const dyValues = values(size(dyShape), 101 + i);
        return { c, dyShape, xValues, dyValues, expected: referenceOnCpu(c, xValues, dyShape, dyValues) };
      });

      for (const backend of ['cpu', 'wasm'] as const) {
        await tf.setBackend(backend);
        for (const { c, dyShape, xValues, dyValues, expected } of prepared) {
          const actual = tf.tidy(() =>
            way(tf, tf.tensor4d(xValues, c.x), tf.tensor4d(dyValues, dyShape), {
              strides: c.strides,
              pad: c.pad,
              dataFormat: 'NHWC',
              filterShape: [c.kernel[0], c.kernel[1], c.x[3], c.outChannels],
            }).dataSync(),
          );
          expect(maxError(expected, actual), `${backend} ${JSON.stringify(c)}`).toBeLessThan(1e-4);
        }
      }
    },
  );

  it('gives wasm the kernel it lacks, so tf.grad of a conv works there and matches cpu', async () => {
    await tf.setBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(installFastKernels(tf, 'wasm')).toContain('Conv2DBackpropFilter');
    expect(installFastKernels(tf, 'wasm')).toEqual([]);

    const x = values(2 * 9 * 9 * 3, 5);
    const w = values(4 * 4 * 3 * 8, 6);
    const gradient = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const input = tf.tensor4d(x, [2, 9, 9, 3]);
        return tf
          .grad((f: tf.Tensor) =>
            tf
              .conv2d(input, f as tf.Tensor4D, 2, 'same')
              .square()
              .sum(),
          )(tf.tensor4d(w, [4, 4, 3, 8]))
          .dataSync();
      });
    };
    const onCpu = await gradient('cpu');
    const onWasm = await gradient('wasm');
    expect(maxError(onCpu, onWasm)).toBeLessThan(1e-3);
  });

  it.each(ways)('via %s leaves only its result behind', async (_, way) => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 4, 4, 5]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const result = way(tf, x, dy, {
      strides: 2,
      pad: 'same',
      dataFormat: 'NHWC',
      filterShape: [3, 3, 3, 5],
    });
    expect(result.shape).toEqual([3, 3, 3, 5]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, dy, result]);
  });
});

describe('the transposed patch matrix gathered in JavaScript', () => {
  it('equals the one gathered by pad, transpose and strided slices, on random shapes', async () => {
    await tf.setBackend('cpu');
    for (const c of randomCases(24, 13)) {
      const [kh, kw] = c.kernel;
      const info = tf.backend_util.computeConv2DInfo(
        c.x,
        [kh, kw, c.x[3], c.outChannels],
        c.strides,
        1,
        c.pad,
      );
      const xValues = values(size(c.x), 17);
      const expected = tf.tidy(() =>
        gatherPatchesTransposedByOps(
          tf,
          tf.tensor4d(xValues, c.x),
          [kh, kw, c.x[3], c.outChannels],
          c.strides,
          info.padInfo,
          [info.outHeight, info.outWidth],
        ).dataSync(),
      );
      const actual = new Float32Array(expected.length);
      gatherPatchesTransposedInto(
        xValues,
        c.x,
        {
          kernel: [kh, kw],
          strides: c.strides,
          padding: [info.padInfo.top, info.padInfo.left],
          out: [info.outHeight, info.outWidth],
        },
        actual,
      );
      expect(actual, JSON.stringify(c)).toEqual(expected);
    }
  });
});
