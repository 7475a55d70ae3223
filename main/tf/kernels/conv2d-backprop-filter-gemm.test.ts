import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { conv2dBackpropFilterOnGemm } from './conv2d-backprop-filter-gemm.js';
import { randomCases, randomValues, sizeOf, type ConvCase } from './test-support/conv-cases.js';

/** The weight gradient computed directly, in float64, with tfjs's geometry; and its magnitudes. */
function direct(c: ConvCase, x: Float32Array, dy: Float32Array) {
  const [kh, kw] = c.kernel;
  const [batch, height, width, channels] = c.x;
  const info = tf.backend_util.computeConv2DInfo(c.x, [kh, kw, channels, c.outChannels], c.strides, 1, c.pad);
  const out = new Float64Array(kh * kw * channels * c.outChannels);
  const magnitude = new Float64Array(out.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let ci = 0; ci < channels; ci++)
        for (let co = 0; co < c.outChannels; co++) {
          let sum = 0;
          let size = 0;
          for (let b = 0; b < batch; b++)
            for (let p = 0; p < info.outHeight; p++)
              for (let q = 0; q < info.outWidth; q++) {
                const y = p * info.strideHeight + i - info.padInfo.top;
                const xx = q * info.strideWidth + j - info.padInfo.left;
                if (y < 0 || y >= height || xx < 0 || xx >= width) continue;
                const term =
                  (x[((b * height + y) * width + xx) * channels + ci] ?? NaN) *
                  (dy[((b * info.outHeight + p) * info.outWidth + q) * c.outChannels + co] ?? NaN);
                sum += term;
                size += Math.abs(term);
              }
          const at = ((i * kw + j) * channels + ci) * c.outChannels + co;
          out[at] = sum;
          magnitude[at] = size;
        }
  return { out, magnitude, dyShape: [batch, info.outHeight, info.outWidth, c.outChannels] as const };
}

describe('the weight gradient as an implicit GEMM (no patches gathered) on wasm', () => {
  it('equals the direct computation to float32 accuracy on random shapes (batches 1-3, strides, padding)', async () => {
    await tf.setBackend('wasm');
    const cases = randomCases(40, 13);
    let computed = 0;
    for (const [index, c] of cases.entries()) {
      const xValues = randomValues(sizeOf(c.x), 3 + index);
      const probe = direct(c, xValues, new Float32Array(0));
      const dyValues = randomValues(sizeOf([...probe.dyShape]), 300 + index);
      const expected = direct(c, xValues, dyValues);
      const x = tf.tensor4d(xValues, c.x);
      const dy = tf.tensor4d(dyValues, [...probe.dyShape]);
      const tensorsBefore = tf.memory().numTensors;
      const dataBefore = tf.backend().numDataIds();
      const info = conv2dBackpropFilterOnGemm(tf, x, dy, {
        strides: c.strides,
        pad: c.pad,
        dataFormat: 'NHWC',
        filterShape: [c.kernel[0], c.kernel[1], c.x[3], c.outChannels],
      });
      // Output rows shorter than 4 are left to the other ways; the rest are computed here.
      expect(info === null).toBe(probe.dyShape[2] < 4);
      if (info) {
        computed++;
        const result = tf.engine().makeTensorFromTensorInfo(info);
        expect(result.shape).toEqual([c.kernel[0], c.kernel[1], c.x[3], c.outChannels]);
        const got = result.dataSync();
        let worst = 0;
        got.forEach((value, i) => {
          const error = Math.abs(value - (expected.out[i] ?? NaN)) / ((expected.magnitude[i] ?? 0) + 1e-30);
          worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
        });
        const terms = probe.dyShape[0] * probe.dyShape[1] * probe.dyShape[2];
        expect(worst, JSON.stringify(c)).toBeLessThan(Math.max(terms, 4) * 2 ** -24);
        result.dispose();
      }
      // Its pads and transposes are freed: only the result was left, and now that is gone too.
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(tf.backend().numDataIds()).toBe(dataBefore);
      tf.dispose([x, dy]);
    }
    expect(computed).toBeGreaterThan(20);
  });

  it('is not available on other backends', async () => {
    await tf.setBackend('cpu');
    const x = tf.zeros([1, 8, 8, 4]) as tf.Tensor4D;
    const dy = tf.zeros([1, 8, 8, 8]) as tf.Tensor4D;
    const attrs = {
      strides: 1,
      pad: 'same' as const,
      dataFormat: 'NHWC' as const,
      filterShape: [3, 3, 4, 8] as [number, number, number, number],
    };
    expect(conv2dBackpropFilterOnGemm(tf, x, dy, attrs)).toBeNull();
    tf.dispose([x, dy]);
  });
});
