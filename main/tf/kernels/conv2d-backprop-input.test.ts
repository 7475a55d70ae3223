import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dBackpropInputByPhases,
  conv2dBackpropInputViaConv,
  phasesApply,
} from './conv2d-backprop-input.js';
import { installFastKernels } from './install-fast-kernels.js';
import {
  maxError,
  randomCases,
  randomValues as values,
  sizeOf as size,
  type ConvCase as Case,
} from './test-support/conv-cases.js';

function filterShape(c: Case): [number, number, number, number] {
  return [...c.kernel, c.x[3], c.outChannels];
}

function outputShape(c: Case): [number, number, number, number] {
  return tf.tidy(
    () =>
      tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(filterShape(c)) as tf.Tensor4D, c.strides, c.pad)
        .shape,
  );
}

function attrsOf(c: Case) {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' as const, inputShape: c.x };
}

/** The cpu backend's own kernel, which this file never replaces: the reference. */
function referenceOnCpu(c: Case, dyValues: Float32Array, filterValues: Float32Array) {
  return tf.tidy(() => {
    const dy = tf.tensor4d(dyValues, outputShape(c));
    const filter = tf.tensor4d(filterValues, filterShape(c));
    return (
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrsOf(c) as never) as tf.Tensor
    ).dataSync();
  });
}

/** Runs `way` on every case, on cpu and on wasm, against the cpu backend's own kernel. */
async function expectMatchesCpu(
  way: typeof conv2dBackpropInputViaConv,
  cases: Case[],
  seed: number,
): Promise<void> {
  const prepared = cases.map((c, i) => {
    const dyValues = values(size(outputShape(c)), seed + i);
    const filterValues = values(size(filterShape(c)), 10 * seed + i);
    return { c, dyValues, filterValues, expected: referenceOnCpu(c, dyValues, filterValues) };
  });
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    for (const { c, dyValues, filterValues, expected } of prepared) {
      const actual = tf.tidy(() =>
        way(
          tf,
          tf.tensor4d(dyValues, outputShape(c)),
          tf.tensor4d(filterValues, filterShape(c)),
          attrsOf(c),
        ).dataSync(),
      );
      expect(maxError(expected, actual), `${backend} ${JSON.stringify(c)}`).toBeLessThan(1e-4);
    }
  }
}

describe('Conv2DBackpropInput via a forward convolution and depth-to-space', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches the cpu kernel on random shapes (odd sizes, strides 1 and 2, same and valid)', async () => {
    await tf.setBackend('cpu');
    const cases = randomCases(32, 3);
    expect(new Set(cases.map((c) => `${c.pad}/${c.strides.join('x')}`)).size).toBe(8);
    await expectMatchesCpu(conv2dBackpropInputViaConv, cases, 31);
  });

  it('by phases matches the cpu kernel where it applies (strided, sides divisible by the stride)', async () => {
    await tf.setBackend('cpu');
    const cases = randomCases(96, 17).filter((c) => phasesApply(attrsOf(c)));
    // Both paddings and the three strided stride pairs, with odd kernels and uneven padding among them.
    expect(new Set(cases.map((c) => `${c.pad}/${c.strides.join('x')}`)).size).toBe(6);
    expect(cases.length).toBeGreaterThan(20);
    await expectMatchesCpu(conv2dBackpropInputByPhases, cases, 71);
  });

  it('by phases computes DCGAN’s 4x4 -> 8x8 and 32x32 -> 64x64 layers bit for bit as the stacked convolution does', async () => {
    await tf.setBackend('wasm');
    for (const [dyShape, filterShape, inputShape] of [
      [
        [3, 4, 4, 32],
        [4, 4, 16, 32],
        [3, 8, 8, 16],
      ],
      // The 64-px generator's second layer at its real size (batch 64, 512 -> 256 channels).
      [
        [64, 4, 4, 512],
        [4, 4, 256, 512],
        [64, 8, 8, 256],
      ],
      [
        [2, 32, 32, 8],
        [4, 4, 3, 8],
        [2, 64, 64, 3],
      ],
    ] as const) {
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape } as const;
      const [byPhases, stacked] = tf.tidy(() => {
        const dy = tf.tensor4d(values(size([...dyShape]), 3), [...dyShape]);
        const filter = tf.tensor4d(values(size([...filterShape]), 4), [...filterShape]);
        return [
          conv2dBackpropInputByPhases(tf, dy, filter, { ...attrs, inputShape: [...inputShape] }).dataSync(),
          conv2dBackpropInputViaConv(tf, dy, filter, { ...attrs, inputShape: [...inputShape] }).dataSync(),
        ];
      });
      // Bit for bit: the same taps summed in the same order, so training is unchanged by the switch.
      expect(byPhases).toEqual(stacked);
    }
  });

  it('replaces the wasm kernel, so conv2dTranspose and input gradients on wasm match cpu', async () => {
    await tf.setBackend('wasm');
    const builtin = tf.getKernel('Conv2DBackpropInput', 'wasm').kernelFunc;
    expect(installFastKernels(tf, 'wasm')).toContain('Conv2DBackpropInput');
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm').kernelFunc).not.toBe(builtin);

    const z = values(2 * 5 * 5 * 8, 8);
    const w = values(4 * 4 * 3 * 8, 9);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const input = tf.tensor4d(z, [2, 5, 5, 8]);
        const filter = tf.tensor4d(w, [4, 4, 3, 8]);
        const upsampled = tf.conv2dTranspose(input, filter, [2, 10, 10, 3], 2, 'same');
        const dInput = tf.grad((x: tf.Tensor) =>
          tf
            .conv2d(x as tf.Tensor4D, filter, 2, 'same')
            .square()
            .sum(),
        )(tf.tensor4d(values(2 * 10 * 10 * 3, 10), [2, 10, 10, 3]));
        return [upsampled.dataSync(), dInput.dataSync()] as const;
      });
    };
    const [upCpu, gradCpu] = await run('cpu');
    const [upWasm, gradWasm] = await run('wasm');
    expect(maxError(upCpu, upWasm)).toBeLessThan(1e-4);
    expect(maxError(gradCpu, gradWasm)).toBeLessThan(1e-3);
  });

  it('leaves only its result behind', async () => {
    await tf.setBackend('wasm');
    const dy = tf.randomNormal([2, 4, 4, 5]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, 3, 5]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const result = conv2dBackpropInputViaConv(tf, dy, filter, {
      strides: 2,
      pad: 'same',
      dataFormat: 'NHWC',
      inputShape: [2, 8, 8, 3],
    });
    expect(result.shape).toEqual([2, 8, 8, 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([dy, filter, result]);
  });
});
