import type * as tfjs from '@tensorflow/tfjs';
import { type WasmMemory, isWasmMemory } from '../webassembly-api.js';
import { type SimdHelpers, simdHelpersFor } from './simd-helpers.js';

/**
 * The part of tfjs-backend-wasm's BackendWasm (4.x, public methods) the data-movement kernels use:
 * tensors live in the module's heap, and a typed array over that heap reads or writes one in place.
 */
export interface WasmHeapBackend {
  typedArrayFromHeap(info: tfjs.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tfjs.DataType): tfjs.TensorInfo;
  incRef(dataId: tfjs.DataId): void;
  disposeData(dataId: tfjs.DataId): boolean;
  /** Where a tensor's data starts in the heap (a byte address). */
  getMemoryOffset(dataId: tfjs.DataId): number;
}

export function asWasmHeapBackend(backend: unknown): WasmHeapBackend {
  const candidate = backend as Partial<WasmHeapBackend> | null;
  if (
    typeof candidate?.typedArrayFromHeap !== 'function' ||
    typeof candidate.makeOutput !== 'function' ||
    typeof candidate.incRef !== 'function' ||
    typeof candidate.disposeData !== 'function' ||
    typeof candidate.getMemoryOffset !== 'function'
  ) {
    throw new Error('expected the wasm backend (typedArrayFromHeap, makeOutput, incRef, getMemoryOffset)');
  }
  return candidate as WasmHeapBackend;
}

/** Numeric dtypes only: string tensors do not live in the heap. */
export const livesInHeap = (info: tfjs.TensorInfo) => info.dtype !== 'string' && info.dtype !== 'complex64';

/**
 * The wasm backend's WebAssembly memory, or null (another backend). The threaded build keeps its
 * (shared) memory as wasmMemory; the single-threaded one exports it.
 */
export function wasmMemoryOf(backend: unknown): WasmMemory | null {
  const wasm = (backend as { wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown } } } | null)?.wasm;
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  return isWasmMemory(memory) ? memory : null;
}

/** The backend's SIMD helpers and where a tensor starts in its heap, or null (not wasm, or no SIMD). */
export function simdOn(
  backend: unknown,
): { helpers: SimdHelpers; pointer: (info: tfjs.TensorInfo) => number } | null {
  const memory = wasmMemoryOf(backend);
  const offsetOf = (backend as { getMemoryOffset?: (dataId: tfjs.DataId) => number } | null)?.getMemoryOffset;
  if (!memory || typeof offsetOf !== 'function') return null;
  const helpers = simdHelpersFor(memory);
  if (!helpers) return null;
  return { helpers, pointer: (info) => offsetOf.call(backend, info.dataId) };
}
