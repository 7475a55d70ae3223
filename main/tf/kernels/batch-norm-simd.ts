import type * as tfjs from '@tensorflow/tfjs';
import { callOriginal } from './shared-data-kernels.js';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

/**
 * FusedBatchNorm (batch norm's forward pass) by the SIMD helper, where mean, variance, scale and
 * offset are one value per channel of the last axis and the channels a multiple of 4 (every
 * batchnorm layer of a DCGAN). The same operations as tfjs-backend-wasm's scalar loop
 * (FusedBatchNorm.cc, as compiled in 4.22, found by matching its output): deviation =
 * √(variance + ε) per channel in float32, a = (x − mean) · scale in float32, then
 * offset + a / deviation in double precision, rounded once; so the same bits. Other cases go to
 * that loop. Why: it took 2% of a DCGAN step.
 */
export function makeBatchNormKernel(original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const { x, mean, variance, offset, scale } = params.inputs;
    const simd = simdOn(params.backend);
    const channels = x?.shape.at(-1) ?? 0;
    const perChannel = [mean, variance, offset, scale].every(
      (t) => t?.dtype === 'float32' && t.shape.reduce((a, b) => a * b, 1) === channels,
    );
    if (
      !x ||
      !mean ||
      !variance ||
      !offset ||
      !scale ||
      !simd ||
      !perChannel ||
      x.dtype !== 'float32' ||
      channels % 4 !== 0
    ) {
      return callOriginal(original, 'FusedBatchNorm', params);
    }
    const backend = asWasmHeapBackend(params.backend);
    const { varianceEpsilon } = params.attrs as unknown as tfjs.FusedBatchNormAttrs;
    // The C++ kernel takes ε as a float and adds and takes the root in float32.
    const epsilon = Math.fround(varianceEpsilon);
    // Doubles, as two floats' room each: √(variance + ε) rounded to float32, and the offsets.
    const deviation = backend.makeOutput([2 * channels], 'float32');
    const offset64 = backend.makeOutput([2 * channels], 'float32');
    const out = backend.makeOutput([...x.shape], 'float32');
    // Views of the heap only after the last allocation: growing a single-threaded build's memory
    // detaches the views made before.
    const variances = backend.typedArrayFromHeap(variance);
    const offsets = backend.typedArrayFromHeap(offset);
    const [deviationPointer, offsetPointer] = [simd.pointer(deviation), simd.pointer(offset64)];
    const heap = (backend.typedArrayFromHeap(deviation) as Float32Array).buffer;
    const deviations = new Float64Array(heap, deviationPointer, channels);
    const offsetDoubles = new Float64Array(heap, offsetPointer, channels);
    for (let c = 0; c < channels; c++) {
      deviations[c] = Math.fround(Math.sqrt(Math.fround((variances[c] ?? 0) + epsilon)));
      offsetDoubles[c] = offsets[c] ?? 0;
    }
    const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
    simd.helpers.batchNorm(
      simd.pointer(x),
      simd.pointer(mean),
      simd.pointer(scale),
      deviationPointer,
      offsetPointer,
      simd.pointer(out),
      rows,
      channels,
    );
    backend.disposeData(deviation.dataId);
    backend.disposeData(offset64.dataId);
    return out;
  };
}
