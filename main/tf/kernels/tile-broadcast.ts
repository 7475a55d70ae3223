import type * as tfjs from '@tensorflow/tfjs';

type Tfjs = typeof tfjs;

/**
 * Tile where it only broadcasts — every repeated axis has size 1, as in tfjs's batch-norm gradient,
 * which tiles [1, 1, 1, C] statistics up to a whole activation — as a broadcasting multiply by ones:
 * exact (x · 1 = x for every float, NaN and infinities included). Anything else goes to the
 * backend's own kernel.
 *
 * Why: tfjs-backend-wasm's Tile is a generic index loop; measured on a 64-px DCGAN step it took about
 * 9% of the step (bench/profile-step.ts), while its broadcasting multiply is a tight SIMD loop.
 */
export function makeTileKernel(tf: Tfjs, original: tfjs.KernelFunc | undefined): tfjs.KernelFunc {
  return (params) => {
    const x = params.inputs['x'];
    const { reps } = params.attrs as unknown as { reps: number[] };
    if (!(x instanceof tf.Tensor)) {
      if (!original) throw new Error('Tile: expected a tensor');
      return original(params);
    }
    const broadcast =
      (x.dtype === 'float32' || x.dtype === 'int32') &&
      reps.length === x.rank &&
      reps.every((rep, axis) => rep === 1 || x.shape[axis] === 1);
    if (!broadcast) {
      if (!original) throw new Error('Tile: this backend has no kernel for a tile that is not a broadcast');
      return original(params);
    }
    const shape = x.shape.map((side: number, axis: number) => side * (reps[axis] ?? 1));
    return tf.tidy(() => tf.mul(x, tf.ones(shape, x.dtype)));
  };
}
