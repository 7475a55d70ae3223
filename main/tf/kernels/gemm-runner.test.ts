import * as tf from '@tensorflow/tfjs';
import * as wasmPackage from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { useThreadedWasm, type WasmPackage } from '../threaded-wasm.js';
import { WasmGemm, gemmOn } from './gemm-runner.js';
import { randomValues } from './test-support/conv-cases.js';

interface Heap {
  getMemoryOffset(dataId: tf.DataId): number;
}

type Variant = 'as installed' | 'multiply and add';

/** The runner: gemmOn's, or one kept to multiply and add (single-threaded build only). */
function runnerFor(variant: Variant): WasmGemm {
  const runner = gemmOn(tf.backend());
  if (!runner) throw new Error('no GEMM runner on this backend');
  if (variant === 'as installed') return runner;
  type Heap = ConstructorParameters<typeof WasmGemm>[0];
  type Memory = ConstructorParameters<typeof WasmGemm>[1];
  const { wasm } = tf.backend() as unknown as { wasm: Heap & { asm: { memory: Memory } } };
  return new WasmGemm(wasm, wasm.asm.memory, { fused: false });
}

/** C = bias + A·B by the GEMM module on the current wasm backend, A and B row-major. */
/** A product's sizes: A is m×k, B k×n. */
interface Shape {
  m: number;
  k: number;
  n: number;
}

function product(
  operands: { a: Float32Array; b: Float32Array; bias: Float32Array | null },
  { m, k, n }: Shape,
  kb: number,
  variant: Variant = 'as installed',
) {
  const { a, b, bias } = operands;
  const backend = tf.backend() as unknown as Heap;
  const runner = runnerFor(variant);
  const left = tf.tensor2d(a, [m, k]);
  const right = tf.tensor2d(b, [k, n]);
  const offset = bias ? tf.tensor1d(bias) : null;
  const out = tf.zeros([m, n]);
  const at = (t: tf.Tensor) => backend.getMemoryOffset(t.dataId);
  runner.run({
    m,
    n,
    k,
    kb,
    b: at(right),
    ldb: n * 4,
    c: at(out),
    bias: offset ? at(offset) : null,
    fillRowTable: (table, mPad) => {
      for (let block = 0; block * kb < k; block++) {
        for (let row = 0; row < m; row++) table[block * mPad + row] = at(left) + (row * k + block * kb) * 4;
      }
    },
  });
  const values = out.dataSync() as Float32Array;
  tf.dispose([left, right, out, ...(offset ? [offset] : [])]);
  return { values: Float32Array.from(values), fused: runner.fused };
}

/** The exact product (float64 sums of float32 operands). */
function direct(
  { a, b, bias }: { a: Float32Array; b: Float32Array; bias: Float32Array | null },
  { m, k, n }: Shape,
) {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias?.[j] ?? 0;
      for (let p = 0; p < k; p++) sum += (a[i * k + p] ?? 0) * (b[p * n + j] ?? 0);
      out[i * n + j] = sum;
    }
  }
  return out;
}

/** Largest error relative to the sum of |terms| (the scale float32 rounding works at). */
function relativeError(
  got: Float32Array,
  { a, b }: { a: Float32Array; b: Float32Array },
  { m, k, n }: Shape,
  exact: Float64Array,
) {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let magnitude = 1e-30;
      for (let p = 0; p < k; p++) magnitude += Math.abs((a[i * k + p] ?? 0) * (b[p * n + j] ?? 0));
      worst = Math.max(worst, Math.abs((got[i * n + j] ?? NaN) - (exact[i * n + j] ?? 0)) / magnitude);
    }
  }
  return worst;
}

const shapes: Array<[m: number, k: number, n: number, kb: number, bias: boolean]> = [
  [4, 4, 8, 4, false],
  [1, 1, 8, 1, true],
  [7, 13, 16, 5, true],
  [33, 70, 24, 32, false],
  [130, 300, 64, 256, true],
  [64, 257, 8, 64, false],
  // Widths not in eights, widened inside: an RGB layer, a single logit.
  [37, 50, 3, 16, true],
  [9, 700, 1, 256, false],
  // Many short segments packed into one K block (a 3-channel input's taps).
  [70, 48, 64, 3, true],
];
const variants: Variant[] = ['as installed', 'multiply and add'];
const cases = variants.flatMap((variant) => shapes.map((shape) => [...shape, variant] as const));

describe('the GEMM module on wasm', () => {
  it('has relaxed SIMD’s fused multiply-add under the trainer’s Node flags (vitest passes them too)', async () => {
    await tf.setBackend('wasm');
    expect(runnerFor('as installed').fused).toBe(true);
    expect(runnerFor('multiply and add').fused).toBe(false);
  });

  it.each(cases)(
    'computes bias + A·B to float32 accuracy: %i×%i×%i, K blocks of %i, bias %s, %s',
    async (m, k, n, kb, withBias, variant) => {
      await tf.setBackend('wasm');
      const shape = { m, k, n };
      const operands = {
        a: randomValues(m * k, m + k),
        b: randomValues(k * n, n + 1),
        bias: withBias ? randomValues(n, 3) : null,
      };
      const { values, fused } = product(operands, shape, kb, variant);
      expect(fused).toBe(variant === 'as installed');
      const exact = direct(operands, shape);
      // Each sum is k float32 roundings at most: well within k·2⁻²⁴ of the terms' magnitude.
      expect(relativeError(values, operands, shape, exact)).toBeLessThan(Math.max(k, 4) * 2 ** -24);
      expect(values.every(Number.isFinite)).toBe(true);
    },
  );

  it('leaves C’s rows past m, and memory past C, untouched (the last partial tile goes through scratch)', async () => {
    await tf.setBackend('wasm');
    const [m, k, n] = [5, 8, 8];
    const guard = tf.fill([64], 7);
    const operands = { a: randomValues(m * k, 1), b: randomValues(k * n, 2), bias: null };
    const { values } = product(operands, { m, k, n }, 8);
    expect(values.length).toBe(m * n);
    expect(Array.from(guard.dataSync())).toEqual(new Array<number>(64).fill(7));
    guard.dispose();
  });

  it('rejects empty shapes', async () => {
    await tf.setBackend('wasm');
    const empty = { m: 4, n: 0, k: 4, kb: 4, b: 0, ldb: 0, c: 0, bias: null, fillRowTable: () => undefined };
    expect(() => runnerFor('as installed').run(empty)).toThrow(/unsupported shape 4×4×0/);
  });

  it('gives the same bits on two threads (the threaded build, shared memory) as on one', async () => {
    const [m, k, n, kb] = [4102, 600, 96, 256];
    const a = randomValues(m * k, 8);
    const b = randomValues(k * n, 9);
    const bias = randomValues(n, 10);
    await tf.setBackend('wasm');
    const single = product({ a, b, bias }, { m, k, n }, kb);
    const swap = useThreadedWasm(tf, wasmPackage as unknown as WasmPackage, 2);
    let runner: WasmGemm | null;
    try {
      await tf.setBackend('wasm');
      // The worker thread starts in the background; products before it is ready run on one thread.
      runner = gemmOn(tf.backend());
      for (let tries = 0; tries < 500 && runner?.threads() !== 2; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(runner?.threads()).toBe(2);
      const before = runner?.rowsOnWorkers() ?? 0;
      const threaded = product({ a, b, bias }, { m, k, n }, kb);
      // The worker took chunks of rows: the product really was shared.
      expect(runner?.rowsOnWorkers()).toBeGreaterThan(before);
      expect(threaded.fused).toBe(single.fused);
      expect(new Uint32Array(threaded.values.buffer)).toEqual(new Uint32Array(single.values.buffer));
    } finally {
      swap.restore();
    }
    // Back on the single-threaded build's memory: the threaded runner's worker was ended.
    await tf.setBackend('wasm');
    expect(gemmOn(tf.backend())?.threads()).toBe(1);
    expect(runner?.threads()).toBe(1);
  }, 60_000);
});
