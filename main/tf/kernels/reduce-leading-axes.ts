import type * as tfjs from '@tensorflow/tfjs';

type Tfjs = typeof tfjs;

/**
 * Sum or Mean of an NHWC activation over its batch and spatial axes (0, 1, 2), one value per
 * channel, as an average pool over each image (XNNPACK, threaded) and a reduction of the small
 * [N, C] result. Every other reduction goes to the backend's own kernel.
 *
 * Why: batch norm's statistics and gradients and every convolution's bias gradient reduce over
 * exactly these axes. tfjs-backend-wasm reduces only along the last axis, so it first transposes
 * the whole activation with a generic loop: on a 64-px DCGAN step, Sum and Mean took 9% of it.
 * The pool sums in another order than the backend's single running sum (a sum is the pool's mean
 * times the pool's size), so results agree to float32 rounding, not bit for bit.
 */
export function makeLeadingAxesReduceKernel(
  tf: Tfjs,
  original: tfjs.KernelFunc | undefined,
  kind: 'sum' | 'mean',
): tfjs.KernelFunc {
  return (params) => {
    if (!original) throw new Error(`${kind}: this backend has no kernel to hand other reductions to`);
    const x = params.inputs['x'];
    const { axis, keepDims } = params.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    if (!(x instanceof tf.Tensor) || x.dtype !== 'float32' || x.rank !== 4) return original(params);
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const [batch = 0, height = 0, width = 0, channels = 0] = x.shape;
    if (axes.join(',') !== '0,1,2' || height * width < 2) return original(params);
    return tf.tidy(() => {
      const perImage = tf.reshape(tf.avgPool(x as tfjs.Tensor4D, [height, width], [height, width], 'valid'), [
        batch,
        channels,
      ]);
      const reduced = kind === 'sum' ? tf.mul(tf.sum(perImage, 0), height * width) : tf.mean(perImage, 0);
      return keepDims ? tf.reshape(reduced, [1, 1, 1, channels]) : reduced;
    });
  };
}
