import type * as tfjs from '@tensorflow/tfjs';
import { callOriginal } from './shared-data-kernels.js';
import { asWasmHeapBackend, livesInHeap } from './wasm-heap.js';

type Tfjs = typeof tfjs;

/**
 * Copies the box [begin, begin + size) of `source` (laid out row-major with `shape`) into `target`,
 * in runs as long as the box allows: trailing axes taken whole merge into one run.
 */
export function copyBox(
  source: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  target: Float32Array | Int32Array | Uint8Array,
): void {
  const rank = shape.length;
  if (size.some((side) => side === 0)) return;
  const strides = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 0; axis--)
    strides[axis] = (strides[axis + 1] ?? 1) * (shape[axis + 1] ?? 1);
  // The run: the innermost axis not taken whole, with every axis after it.
  let runAxis = rank - 1;
  while (runAxis > 0 && size[runAxis] === shape[runAxis]) runAxis--;
  const run = (size[runAxis] ?? 1) * (strides[runAxis] ?? 1);
  const outer = size.slice(0, runAxis);
  const index = new Array<number>(runAxis).fill(0);
  let sourceStart = 0;
  for (let axis = 0; axis < rank; axis++) sourceStart += (begin[axis] ?? 0) * (strides[axis] ?? 1);
  for (let written = 0; ; written += run) {
    let offset = sourceStart;
    for (let axis = 0; axis < runAxis; axis++) offset += (index[axis] ?? 0) * (strides[axis] ?? 1);
    target.set(source.subarray(offset, offset + run), written);
    // Odometer over the outer axes.
    let axis = runAxis - 1;
    while (axis >= 0 && (index[axis] = (index[axis] ?? 0) + 1) === outer[axis]) index[axis--] = 0;
    if (axis < 0) return;
  }
}

/** A slice of a heap tensor, read through a view of the heap. */
function sliceFromHeap(
  params: Parameters<tfjs.KernelFunc>[0],
  x: tfjs.TensorInfo,
  begin: number[],
  size: number[],
): tfjs.TensorInfo {
  const backend = asWasmHeapBackend(params.backend);
  const out = backend.makeOutput(size, x.dtype);
  copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

/**
 * Slice, reading the input through a view of the heap. Exact by construction (a copy of the same
 * values). Why: tfjs-backend-wasm's Slice first copies the whole input out of the heap (readSync)
 * and then the slice out of that copy; slicing a 3×3 patch grid from a CycleGAN activation read
 * the activation nine times over. On a CycleGAN step, Slice and StridedSlice took 10%.
 */
export function makeSliceKernel(tf: Tfjs, original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    if (!x || !livesInHeap(x)) return callOriginal(original, 'Slice', params);
    const attrs = params.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [begin = [], size = []] = tf.slice_util.parseSliceParams(x as tfjs.Tensor, attrs.begin, attrs.size);
    return sliceFromHeap(params, x, begin, size);
  };
}

/**
 * StridedSlice: where every stride is 1 (the cases tfjs-backend-wasm itself hands to its Slice),
 * the slice above, reshaped to the op's final shape; other cases go to the backend's own kernel.
 */
export function makeStridedSliceKernel(tf: Tfjs, original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    if (!x || !livesInHeap(x)) return callOriginal(original, 'StridedSlice', params);
    const a = params.attrs as unknown as tfjs.StridedSliceAttrs;
    const info = tf.slice_util.sliceInfo(
      x.shape,
      a.begin,
      a.end,
      a.strides,
      a.beginMask,
      a.endMask,
      a.ellipsisMask,
      a.newAxisMask,
      a.shrinkAxisMask,
    );
    if (info.isIdentity || !(info.sliceDim0 || info.isSimpleSlice)) {
      return callOriginal(original, 'StridedSlice', params);
    }
    const size = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
    const out = sliceFromHeap(params, x, info.begin, size);
    // Same data, the op's shape (shrunk or new axes); the element count is the same.
    return { ...out, shape: info.finalShape };
  };
}
