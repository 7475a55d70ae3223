import type * as tfjs from '@tensorflow/tfjs';
import { callOriginal } from './shared-data-kernels.js';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

/**
 * Whether `perm` swaps the first and last axes and keeps the others in place ([1, 0] for a
 * matrix, [3, 1, 2, 0] for NHWC to CHWN), and the view [outer, middle, inner] of `shape` then.
 */
export function swapsOuterInner(
  shape: readonly number[],
  perm: readonly number[],
): { outer: number; middle: number; inner: number } | null {
  const rank = shape.length;
  if (rank < 2 || perm.length !== rank || perm[0] !== rank - 1 || perm[rank - 1] !== 0) return null;
  if (perm.some((axis, i) => i > 0 && i < rank - 1 && axis !== i)) return null;
  return {
    outer: shape[0] ?? 1,
    middle: shape.slice(1, rank - 1).reduce((a, b) => a * b, 1),
    inner: shape[rank - 1] ?? 1,
  };
}

/**
 * Transpose by the SIMD helper in 4×4 tiles where it swaps the first and last axes, both multiples
 * of 4 (the convolution weight gradient's NHWC → CHWN, matrices). A copy, so the same values.
 * Why: tfjs-backend-wasm's transpose moves one element at a time (~7 ns each for NHWC → CHWN);
 * those transposes took 5% of a DCGAN step.
 */
export function makeTransposeKernel(original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    const { perm } = params.attrs as unknown as { perm: number[] };
    const simd = simdOn(params.backend);
    const view = x ? swapsOuterInner(x.shape, perm) : null;
    if (
      !x ||
      !simd ||
      !view ||
      (x.dtype !== 'float32' && x.dtype !== 'int32') ||
      view.outer % 4 !== 0 ||
      view.inner % 4 !== 0
    ) {
      return callOriginal(original, 'Transpose', params);
    }
    const out = asWasmHeapBackend(params.backend).makeOutput(
      perm.map((axis) => x.shape[axis] ?? 1),
      x.dtype,
    );
    simd.helpers.swapOuterInner(simd.pointer(x), simd.pointer(out), view.outer, view.middle, view.inner);
    return out;
  };
}
