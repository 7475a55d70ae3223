import type * as tfjs from '@tensorflow/tfjs';
import { matMulOnGemm } from './matmul-gemm.js';

type Tfjs = typeof tfjs;

/**
 * A single (unbatched) matrix product: with a transposed operand, as one explicit transpose and a
 * product without transposes; untransposed, on Ganvas's SIMD product (matmul-gemm.ts) where its
 * shape suits it, else the backend's own. Batched products go to the backend's kernel unchanged.
 *
 * Why: tfjs-backend-wasm hands a product to XNNPACK only when neither operand is transposed; any
 * transpose falls to a scalar triple loop. Every dense layer's weight gradient is xᵀ·dy, so the
 * first layer of a DCGAN generator took 150 ms of a 64-px step for 0.1 GFLOP, while the transpose of
 * a 64×100 matrix costs microseconds.
 */
export function makeBatchMatMulKernel(tf: Tfjs, original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    if (!original) throw new Error('BatchMatMul: this backend has no kernel to hand the product to');
    const { a, b } = params.inputs;
    const { transposeA, transposeB } = params.attrs as unknown as tfjs.BatchMatMulAttrs;
    if (!a || !b) return original(params);
    if (!transposeA && !transposeB) return matMulOnGemm(params.backend, a, b) ?? original(params);
    if (
      !(a instanceof tf.Tensor) ||
      !(b instanceof tf.Tensor) ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      a.rank < 2 ||
      b.rank < 2 ||
      leadingSize(a.shape) !== 1 ||
      leadingSize(b.shape) !== 1 ||
      // Outer and matrix-vector products are cheap in the loop.
      Math.min(...a.shape.slice(-2), ...b.shape.slice(-2)) < 2
    ) {
      return original(params);
    }
    return tf.tidy(() => {
      const left = transposeA ? swapLastTwo(tf, a) : a;
      const right = transposeB ? swapLastTwo(tf, b) : b;
      const product = matMulOnGemm(params.backend, left, right);
      if (product) return product as tfjs.Tensor;
      return original({
        ...params,
        inputs: { a: left, b: right },
        attrs: { ...params.attrs, transposeA: false, transposeB: false },
      }) as tfjs.Tensor;
    });
  };
}

/** The product of every axis but the last two (1 for a single matrix). */
function leadingSize(shape: number[]): number {
  return shape.slice(0, -2).reduce((product, side) => product * side, 1);
}

/** The same tensor with its last two axes swapped (its rank, and so the result's, kept). */
function swapLastTwo(tf: Tfjs, x: tfjs.Tensor): tfjs.Tensor {
  const perm = x.shape.map((_, axis) => axis);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}
