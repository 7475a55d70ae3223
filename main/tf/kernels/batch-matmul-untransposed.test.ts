import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { makeBatchMatMulKernel } from './batch-matmul-untransposed.js';
import { randomValues } from './test-support/conv-cases.js';

type Case = { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean };

/** Runs one BatchMatMul through `kernel` on the active backend. */
function product(kernel: tf.KernelFunc, c: Case, seed: number): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor(randomValues(sizeOf(c.a), seed), c.a);
    const b = tf.tensor(randomValues(sizeOf(c.b), seed + 1), c.b);
    const info = kernel({
      inputs: { a, b },
      attrs: { transposeA: c.transposeA, transposeB: c.transposeB },
      backend: tf.backend(),
    }) as tf.TensorInfo;
    const result = tf.engine().makeTensorFromTensorInfo(info);
    expect(result.shape).toEqual(expectedShape(c));
    return result.dataSync() as Float32Array;
  });
}

/**
 * The product in float64, and for each entry the float32 summation error bound for K terms,
 * K · 2⁻²⁴ · Σ|a·b| (Higham's γ_K): a wrong index or a dropped term would break it by far.
 */
function exactProduct(c: Case, seed: number): { exact: Float64Array; bound: Float64Array } {
  const a = randomValues(sizeOf(c.a), seed);
  const b = randomValues(sizeOf(c.b), seed + 1);
  const [aRows, aCols] = [c.a.at(-2) ?? 1, c.a.at(-1) ?? 1];
  const [bRows, bCols] = [c.b.at(-2) ?? 1, c.b.at(-1) ?? 1];
  const rows = c.transposeA ? aCols : aRows;
  const inner = c.transposeA ? aRows : aCols;
  const columns = c.transposeB ? bRows : bCols;
  const at = (m: Float32Array, cols: number, r: number, k: number) => m[r * cols + k] ?? NaN;
  const exact = new Float64Array(rows * columns);
  const bound = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let k = 0; k < inner; k++) {
        const left = c.transposeA ? at(a, aCols, k, i) : at(a, aCols, i, k);
        const right = c.transposeB ? at(b, bCols, j, k) : at(b, bCols, k, j);
        sum += left * right;
        magnitude += Math.abs(left * right);
      }
      exact[i * columns + j] = sum;
      bound[i * columns + j] = (inner + 1) * 2 ** -24 * magnitude;
    }
  return { exact, bound };
}

const sizeOf = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

function expectedShape(c: Case): number[] {
  const rows = c.transposeA ? c.a.at(-1) : c.a.at(-2);
  const columns = c.transposeB ? c.b.at(-2) : c.b.at(-1);
  const lead = c.a.length > c.b.length ? c.a.slice(0, -2) : c.b.slice(0, -2);
  return [...lead, rows ?? 0, columns ?? 0];
}

const cases: Case[] = [
  // A dense layer's weight gradient, xᵀ·dy, and its input gradient, dy·wᵀ (DCGAN's first layer).
  { a: [1, 64, 100], b: [1, 64, 1024], transposeA: true, transposeB: false },
  { a: [1, 64, 8192], b: [1, 100, 8192], transposeA: false, transposeB: true },
  // Odd sizes, rank 2, both transposed.
  { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { a: [1, 13, 9], b: [1, 11, 13], transposeA: true, transposeB: true },
  { a: [9, 13], b: [11, 13], transposeA: false, transposeB: true },
  // Untransposed, on Ganvas's GEMM: a conv weight gradient's patch product, odd rows, K blocks.
  { a: [130, 601], b: [601, 64], transposeA: false, transposeB: false },
  { a: [1, 67, 256], b: [1, 256, 24], transposeA: false, transposeB: false },
  { a: [300, 257], b: [257, 3], transposeA: false, transposeB: false },
];

describe('BatchMatMul: transposed operands as a transpose and an untransposed product, on the GEMM where it suits', () => {
  it.each(cases)('matches the product computed in float64 within float32 rounding: %j', async (c) => {
    await tf.setBackend('wasm');
    const stock = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    const actual = product(makeBatchMatMulKernel(tf, stock), c, 7);
    const { exact, bound } = exactProduct(c, 7);
    for (let i = 0; i < exact.length; i++)
      expect(Math.abs((actual[i] ?? NaN) - (exact[i] ?? 0))).toBeLessThanOrEqual(bound[i] ?? 0);
  });

  it('leaves batched products and small ones to the backend’s own kernel', async () => {
    await tf.setBackend('wasm');
    const calls: boolean[][] = [];
    const stock = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
    const spy: tf.KernelFunc = (params) => {
      const attrs = params.attrs as unknown as tf.BatchMatMulAttrs;
      calls.push([attrs.transposeA === true, attrs.transposeB === true]);
      return stock(params);
    };
    const kernel = makeBatchMatMulKernel(tf, spy);
    product(kernel, { a: [2, 3, 4], b: [2, 5, 4], transposeA: false, transposeB: true }, 1);
    product(kernel, { a: [3, 4], b: [4, 5], transposeA: false, transposeB: false }, 2);
    product(kernel, { a: [1, 4, 3], b: [1, 4, 5], transposeA: true, transposeB: false }, 3);
    // An outer product with a transposed column: left to the loop (see the kernel's comment).
    product(kernel, { a: [1, 16, 1], b: [1, 2048, 1], transposeA: false, transposeB: true }, 4);
    // On the GEMM: never handed on (100 columns: widened to 104 within it).
    product(kernel, { a: [64, 300], b: [300, 100], transposeA: false, transposeB: false }, 5);
    product(kernel, { a: [64, 300], b: [300, 96], transposeA: false, transposeB: false }, 6);
    product(kernel, { a: [300, 64], b: [300, 96], transposeA: true, transposeB: false }, 7);
    expect(calls).toEqual([
      [false, true],
      [false, false],
      [false, false],
      [false, true],
    ]);
  });
});
