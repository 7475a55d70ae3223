import type * as tfjs from '@tensorflow/tfjs';
import { gemmOn } from './gemm-runner.js';
import { asWasmHeapBackend } from './wasm-heap.js';

/** Products smaller than this many multiply-adds stay with the backend's kernel. */
const minimumWork = 1 << 16;
/** K block: A's rows are packed this many columns at a time (the last block may be shorter). */
const blockColumns = 256;

/**
 * a·b for one untransposed float32 matrix pair ([…1, m, k]·[…1, k, n]) on
 * Ganvas's SIMD product (gemm-module.ts), A's row pointers walking the row-major matrix; null where
 * the product is not of that kind (or too small to gain), for the caller to hand on.
 */
export function matMulOnGemm(
  backend: unknown,
  a: tfjs.TensorInfo,
  b: tfjs.TensorInfo,
): tfjs.TensorInfo | null {
  const gemm = gemmOn(backend);
  if (!gemm || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) {
    return null;
  }
  const leading = (shape: number[]) => shape.slice(0, -2).reduce((p, side) => p * side, 1);
  const [m = 0, k = 0] = a.shape.slice(-2);
  const [kB = 0, n = 0] = b.shape.slice(-2);
  if (leading(a.shape) !== 1 || leading(b.shape) !== 1 || k !== kB || m * k * n < minimumWork) {
    return null;
  }
  const heap = asWasmHeapBackend(backend);
  const rank = Math.max(a.shape.length, b.shape.length);
  const out = heap.makeOutput([...new Array<number>(rank - 2).fill(1), m, n], 'float32');
  const left = heap.getMemoryOffset(a.dataId);
  const kb = Math.min(k, blockColumns);
  gemm.run({
    m,
    n,
    k,
    kb,
    b: heap.getMemoryOffset(b.dataId),
    ldb: n * 4,
    c: heap.getMemoryOffset(out.dataId),
    bias: null,
    fillRowTable: (table, mPad) => {
      for (let block = 0, column = 0; column < k; block++, column += kb) {
        for (let row = 0; row < m; row++) table[block * mPad + row] = left + (row * k + column) * 4;
      }
    },
  });
  return out;
}
