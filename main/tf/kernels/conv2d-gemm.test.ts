import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seeded-random.js';
import { makeConv2dGemmKernel } from './conv2d-gemm.js';
import { randomValues, sizeOf } from './test-support/conv-cases.js';
import { countingStock } from './test-support/counting-stock.js';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
  bias: boolean;
}

/** Random convolutions the GEMM takes: odd sizes, every stride, dilation and padding kind. */
function randomCases(count: number, seed: number): Case[] {
  const random = seededRandom(seed);
  const pick = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  return Array.from({ length: count }, (_, i): Case => {
    // Every sixth case at stride 1, dilated.
    const strides: [number, number] = i % 6 === 0 ? [1, 1] : [pick(1, 3), pick(1, 3)];
    // One channel (whole filter rows as segments) only undilated across: else one-float segments.
    const oneChannel = i % 7 === 3;
    // tfjs takes dilation only with stride 1.
    const dilations: [number, number] =
      i % 6 === 0
        ? [2, oneChannel ? 1 : 2]
        : strides[0] === 1 && strides[1] === 1
          ? [pick(1, 2), oneChannel ? 1 : pick(1, 2)]
          : [1, 1];
    const explicit: Pad = [
      [0, 0],
      [pick(0, 2), pick(0, 2)],
      [pick(0, 2), pick(0, 2)],
      [0, 0],
    ];
    const pads: Pad[] = ['same', 'valid', explicit];
    // Few channels (an RGB input) and outputs not in eights (an RGB output) among them.
    const rgbOut = i % 4 === 1;
    const channels = rgbOut ? pick(16, 40) : i % 5 === 0 ? 3 : oneChannel ? 1 : pick(2, 40);
    return {
      x: [pick(1, 3), pick(5, 13), pick(5, 13), channels],
      filter: [pick(1, 4), oneChannel ? pick(2, 9) : pick(1, 4), channels, rgbOut ? 3 : pick(8, 40)],
      strides,
      dilations,
      pad: pads[i % 3] ?? 'same',
      bias: i % 2 === 0,
    };
  });
}

/** The convolution computed directly, in float64, with tfjs's geometry. */
function direct(c: Case, x: Float32Array, w: Float32Array, bias: Float32Array | null) {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad);
  const [batch, height, width, channels] = c.x;
  const [kh, kw, , outChannels] = c.filter;
  const out = new Float64Array(batch * info.outHeight * info.outWidth * outChannels);
  const magnitude = new Float64Array(out.length);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < info.outHeight; oy++)
      for (let ox = 0; ox < info.outWidth; ox++)
        for (let o = 0; o < outChannels; o++) {
          let sum = bias?.[o] ?? 0;
          let size = Math.abs(sum);
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = oy * info.strideHeight + ky * info.dilationHeight - info.padInfo.top;
              const ix = ox * info.strideWidth + kx * info.dilationWidth - info.padInfo.left;
              if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
              for (let ci = 0; ci < channels; ci++) {
                const term =
                  (x[((b * height + iy) * width + ix) * channels + ci] ?? 0) *
                  (w[((ky * kw + kx) * channels + ci) * outChannels + o] ?? 0);
                sum += term;
                size += Math.abs(term);
              }
            }
          const at = ((b * info.outHeight + oy) * info.outWidth + ox) * outChannels + o;
          out[at] = sum;
          magnitude[at] = size;
        }
  return { out, magnitude, shape: [batch, info.outHeight, info.outWidth, outChannels] };
}

function run(kernel: tf.KernelFunc, inputs: tf.NamedTensorMap, attrs: Record<string, unknown>): tf.Tensor {
  const info = kernel({ inputs, attrs: attrs as tf.NamedAttrMap, backend: tf.backend() }) as tf.TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(info);
}

describe('Conv2D and FusedConv2D as an implicit GEMM on wasm', () => {
  it.each(randomCases(36, 3))('equals the direct convolution to float32 accuracy: %j', async (c) => {
    await tf.setBackend('wasm');
    const fused = c.bias;
    const { counted, handedOn } = countingStock(fused ? 'FusedConv2D' : 'Conv2D');
    // Every case through the GEMM, however small (the backend's own is wrong on some; see below).
    const kernel = makeConv2dGemmKernel(tf, counted, fused, 0);
    const xValues = randomValues(sizeOf(c.x), 1);
    const wValues = randomValues(sizeOf(c.filter), 2);
    const biasValues = c.bias ? randomValues(c.filter[3], 3) : null;
    const inputs: tf.NamedTensorMap = { x: tf.tensor(xValues, c.x), filter: tf.tensor(wValues, c.filter) };
    if (biasValues) inputs.bias = tf.tensor1d(biasValues);
    const attrs = {
      strides: c.strides,
      pad: c.pad,
      dataFormat: 'NHWC',
      dilations: c.dilations,
      activation: 'linear',
    };
    const before = tf.memory().numTensors;
    const result = run(kernel, inputs, attrs);
    const expected = direct(c, xValues, wValues, biasValues);
    expect(result.shape).toEqual(expected.shape);
    const got = result.dataSync();
    let worst = 0;
    got.forEach((value, i) => {
      const error = Math.abs(value - (expected.out[i] ?? NaN)) / ((expected.magnitude[i] ?? 0) + 1e-30);
      worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
    });
    // Float32 sums of at most kh·kw·channels terms, relative to the sum of their magnitudes.
    expect(worst).toBeLessThan(sizeOf(c.filter.slice(0, 3)) * 2 ** -24);
    expect(handedOn()).toBe(0);
    result.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
  });

  it('hands the backend what it does not take: activations and tiny products', async () => {
    await tf.setBackend('wasm');
    const { stock, counted, handedOn } = countingStock('FusedConv2D');
    const kernel = makeConv2dGemmKernel(tf, counted, true);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation: 'linear' };
    const handed: Array<[tf.NamedTensorMap, Record<string, unknown>]> = [
      [
        { x: tf.ones([1, 16, 16, 64]), filter: tf.ones([3, 3, 64, 64]) },
        { ...attrs, activation: 'relu' },
      ],
      // One-float segments (one channel, one filter column); few channels in and out.
      [{ x: tf.ones([3, 40, 40, 1]), filter: tf.ones([9, 1, 1, 64]) }, attrs],
      [{ x: tf.ones([1, 64, 64, 8]), filter: tf.ones([3, 1, 8, 3]) }, attrs],
      [{ x: tf.ones([1, 2, 2, 8]), filter: tf.ones([1, 1, 8, 8]) }, attrs],
    ];
    // The stock kernel itself disagrees with tfjs's cpu backend on some strided SAME convolutions
    // whose filter is smaller than the stride (e.g. 6×7 input, 2×1 filter, strides 3): not one here.
    for (const [inputs, caseAttrs] of handed) {
      const ours = run(kernel, inputs, caseAttrs);
      const theirs = run(stock, inputs, caseAttrs);
      expect(ours.dataSync()).toEqual(theirs.dataSync());
      tf.dispose([ours, theirs, ...Object.values(inputs)]);
    }
    expect(handedOn()).toBe(handed.length);
  });
});
