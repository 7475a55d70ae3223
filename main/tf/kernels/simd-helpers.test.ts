import { describe, expect, it } from 'vitest';
import { gatherPatchesTransposedInto } from './conv2d-backprop-filter.js';
import { simdHelpersFor, simdHelpersModule } from './simd-helpers.js';
import { randomValues } from './test-support/conv-cases.js';

describe.each([true, false])('the SIMD helpers module (shared memory: %s)', (shared) => {
  it('is valid WebAssembly and instantiates over a memory', () => {
    expect(WebAssembly.validate(simdHelpersModule(shared))).toBe(true);
    const memory = new WebAssembly.Memory(
      shared ? { initial: 2, maximum: 16, shared: true } : { initial: 2 },
    );
    expect(simdHelpersFor(memory)).not.toBeNull();
    // One instance per memory.
    expect(simdHelpersFor(memory)).toBe(simdHelpersFor(memory));
  });

  it.each([
    [1, 1],
    [7, 13],
    [64, 64],
    [3, 4],
  ])('sums %i rows of %i floats, divides and applies LeakyReLU with float32 rounding', (rows, width) => {
    const memory = new WebAssembly.Memory(
      shared ? { initial: 4, maximum: 16, shared: true } : { initial: 4 },
    );
    const helpers = simdHelpersFor(memory);
    if (!helpers) throw new Error('no SIMD');
    const floats = new Float32Array(memory.buffer);
    const input = randomValues(rows * width, rows * 100 + width).map((v, i) => v * 10 ** ((i % 9) - 4));
    floats.set(input, 0);
    const [sumAt, reluAt] = [input.length + 4, 2 * input.length + 8];
    helpers.sumRows(0, sumAt * 4, rows, width);
    const expected = new Float32Array(width);
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < width; i++) expected[i] = (expected[i] ?? 0) + (input[r * width + i] ?? 0);
    expect(floats.slice(sumAt, sumAt + width)).toEqual(expected);
    helpers.divide(sumAt * 4, width, Math.fround(rows));
    expect(floats.slice(sumAt, sumAt + width)).toEqual(expected.map((v) => v / rows));
    helpers.leakyRelu(0, reluAt * 4, input.length, Math.fround(0.2));
    const alpha = Math.fround(0.2);
    expect(floats.slice(reluAt, reluAt + input.length)).toEqual(input.map((v) => (v < 0 ? alpha * v : v)));
  });
});

describe('gatherWindows', () => {
  it.each([
    [1, 18, 18, 8, 3, 3],
    [2, 7, 8, 4, 4, 2],
    [3, 6, 6, 12, 1, 1],
  ])(
    'gives the transposed patch matrix of a stride-1 convolution without padding: batch %i, %i×%i×%i, %i×%i kernel',
    (batch, height, width, channels, kh, kw) => {
      const memory = new WebAssembly.Memory({ initial: 64, maximum: 256, shared: true });
      const helpers = simdHelpersFor(memory);
      if (!helpers) throw new Error('no SIMD');
      const floats = new Float32Array(memory.buffer);
      const plane = batch * height * width;
      const x = randomValues(plane * channels, 21);
      floats.set(x, 0);
      const [outH, outW] = [height - kh + 1, width - kw + 1];
      const [cfAt, outAt] = [x.length, 2 * x.length];
      helpers.swapOuterInner(0, cfAt * 4, plane, 1, channels);
      helpers.gatherWindows(cfAt * 4, outAt * 4, channels, batch, height, width, kh, kw, outH, outW);
      const size = kh * kw * channels * batch * outH * outW;
      const expected = new Float32Array(size);
      gatherPatchesTransposedInto(
        x,
        [batch, height, width, channels],
        { kernel: [kh, kw], strides: [1, 1], padding: [0, 0], out: [outH, outW] },
        expected,
      );
      expect(floats.slice(outAt, outAt + size)).toEqual(expected);
    },
  );
});
