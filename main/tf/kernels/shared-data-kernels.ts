import type * as tfjs from '@tensorflow/tfjs';
import { asWasmHeapBackend, livesInHeap } from './wasm-heap.js';

/**
 * Identity, and Cast to the dtype a tensor already has, as a second reference to the same heap
 * data instead of a copy — what tfjs-backend-wasm's own Reshape, and the cpu backend's Identity,
 * already do. Exact by construction: no value is touched. tfjs tensors are immutable (a variable's
 * assign swaps its data, it never writes into it), so sharing is safe.
 *
 * Why: the engine clones every tensor it saves for the backward pass through Identity, and wasm's
 * Identity copies it: 3,200 copies per CycleGAN step, 400 ms of it on the main thread, and as many
 * extra buffers in the heap.
 */
export function makeSharedIdentityKernel(original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    if (!x || !livesInHeap(x)) return callOriginal(original, 'Identity', params);
    asWasmHeapBackend(params.backend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

/** Cast: shared when the dtype does not change (tfjs layers cast float32 weights to float32). */
export function makeSharedCastKernel(original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    const { dtype } = params.attrs as unknown as { dtype: tfjs.DataType };
    if (!x || x.dtype !== dtype || !livesInHeap(x)) return callOriginal(original, 'Cast', params);
    asWasmHeapBackend(params.backend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

export function callOriginal(
  original: tfjs.KernelFunc | undefined,
  kernelName: string,
  params: Parameters<tfjs.KernelFunc>[0],
): ReturnType<tfjs.KernelFunc> {
  if (!original) throw new Error(`${kernelName}: this backend has no kernel of its own for this case`);
  return original(params);
}
