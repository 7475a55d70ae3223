import type * as tfjs from '@tensorflow/tfjs';
import { callOriginal } from './shared-data-kernels.js';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

/**
 * LeakyReLU on float32 tensors by the SIMD helper: x < 0 ? α·x : x four lanes at a time, the same
 * float32 operations as tfjs-backend-wasm's scalar loop (leakyrelu_impl.cc), so the same bits.
 * Why: that loop took 2.5% of a 64-px DCGAN step (every discriminator layer, three passes a step).
 */
export function makeLeakyReluKernel(original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    const simd = simdOn(params.backend);
    if (!x || x.dtype !== 'float32' || !simd) return callOriginal(original, 'LeakyRelu', params);
    const { alpha } = params.attrs as unknown as tfjs.LeakyReluAttrs;
    const out = asWasmHeapBackend(params.backend).makeOutput([...x.shape], 'float32');
    const count = x.shape.reduce((a, b) => a * b, 1);
    // The C++ kernel takes α as a float: the same rounding.
    simd.helpers.leakyRelu(simd.pointer(x), simd.pointer(out), count, Math.fround(alpha));
    return out;
  };
}
