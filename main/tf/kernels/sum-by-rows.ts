import type * as tfjs from '@tensorflow/tfjs';
import { callOriginal } from './shared-data-kernels.js';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

type Tfjs = typeof tfjs;

/** x viewed as [outer, reduced, inner] when the reduced axes are one increasing run of axes. */
export interface RowsView {
  outer: number;
  reduced: number;
  inner: number;
  outShape: number[];
}

/**
 * The view for reducing `axes` of `shape`, or null where this kernel does not apply: axes not an
 * increasing run, or nothing kept after them (then the backend's kernel reads contiguous memory).
 */
export function rowsView(shape: readonly number[], axes: readonly number[]): RowsView | null {
  if (axes.length === 0) return null;
  const first = axes[0] ?? 0;
  const last = axes.at(-1) ?? 0;
  if (axes.some((axis, i) => axis !== first + i) || last >= shape.length - 1) return null;
  const product = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  return {
    outer: product(0, first),
    reduced: product(first, last + 1),
    inner: product(last + 1, shape.length),
    outShape: shape.filter((_, axis) => axis < first || axis > last),
  };
}

/**
 * out[o, i] = x[o, 0, i] + x[o, 1, i] + … in that order, one float32 addition at a time (a
 * Float32Array store rounds JavaScript's double sum of two floats to exactly the float32 sum), and
 * for the mean divided by the reduced size as a float32. That is tfjs-backend-wasm's own Sum and
 * Mean (Sum.cc, Mean.cc: a float accumulator from 0 over each row of the transposed input), so the
 * results are bit for bit the same; only the memory is walked row by row instead of transposed
 * first.
 */
export function sumByRows(x: Float32Array, view: RowsView, out: Float32Array, mean: boolean): void {
  const { outer, reduced, inner } = view;
  out.fill(0);
  for (let o = 0; o < outer; o++) {
    const acc = out.subarray(o * inner, (o + 1) * inner);
    let row = o * reduced * inner;
    for (let r = 0; r < reduced; r++, row += inner) {
      for (let i = 0; i < inner; i++) acc[i] = (acc[i] ?? 0) + (x[row + i] ?? 0);
    }
  }
  if (mean) {
    // C converts the size to float before dividing.
    const divisor = Math.fround(reduced);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / divisor;
  }
}

/**
 * Sum or Mean of float32 tensors over leading or middle axes (batch norm's statistics over batch,
 * height and width; instance norm's over height and width), without the transpose the wasm
 * backend makes first. Why: on a 64-px DCGAN step, Sum, Mean and their transposes took ~15%.
 */
export function makeSumByRowsKernel(
  tf: Tfjs,
  kernelName: 'Sum' | 'Mean',
  original: tfjs.KernelFunc | undefined,
): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    const { axis, keepDims } = params.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = x ? tf.util.parseAxisParam(axis, x.shape) : [];
    const view = x && x.dtype === 'float32' ? rowsView(x.shape, axes) : null;
    if (!x || !view) return callOriginal(original, kernelName, params);
    const backend = asWasmHeapBackend(params.backend);
    const out = backend.makeOutput(view.outShape, 'float32');
    const simd = simdOn(params.backend);
    if (simd) {
      // The same additions, four columns at a time.
      const [from, to] = [simd.pointer(x), simd.pointer(out)];
      for (let o = 0; o < view.outer; o++) {
        simd.helpers.sumRows(
          from + o * view.reduced * view.inner * 4,
          to + o * view.inner * 4,
          view.reduced,
          view.inner,
        );
      }
      if (kernelName === 'Mean') simd.helpers.divide(to, view.outer * view.inner, Math.fround(view.reduced));
    } else {
      sumByRows(
        backend.typedArrayFromHeap(x) as Float32Array,
        view,
        backend.typedArrayFromHeap(out) as Float32Array,
        kernelName === 'Mean',
      );
    }
    const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(view.outShape, axes) : view.outShape;
    return { ...out, shape };
  };
}
