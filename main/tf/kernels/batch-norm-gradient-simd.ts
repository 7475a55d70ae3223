import type * as tfjs from '@tensorflow/tfjs';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

type Tfjs = typeof tfjs;

/** The kernel that computes every FusedBatchNorm input gradient in one pass (wasm, SIMD). */
export const batchNormGradientKernelName = 'GanvasFusedBatchNormGradient';

/**
 * The kernel: inputs x, dy, mean, scale and perChannel ([3, C]: r = 1/√(variance + ε), −r and
 * −r³/2), outputs dx and the per-channel sums [4, C] of the mean, variance, scale and offset
 * gradients (simd-helpers' batchNormGradient).
 */
export function makeBatchNormGradientKernel(): tfjs.KernelFunc {
  return ({ inputs, backend }) => {
    const { x, dy, mean, scale, perChannel } = inputs;
    const simd = simdOn(backend);
    if (!x || !dy || !mean || !scale || !perChannel || !simd) {
      throw new Error(
        `${batchNormGradientKernelName}: needs x, dy, mean, scale, perChannel on wasm with SIMD`,
      );
    }
    const heap = asWasmHeapBackend(backend);
    const channels = x.shape.at(-1) ?? 1;
    const dx = heap.makeOutput([...x.shape], 'float32');
    const sums = heap.makeOutput([4, channels], 'float32');
    simd.helpers.batchNormGradient(
      simd.pointer(x),
      simd.pointer(dy),
      simd.pointer(mean),
      simd.pointer(scale),
      simd.pointer(perChannel),
      simd.pointer(dx),
      simd.pointer(sums),
      x.shape.reduce((a, b) => a * b, 1) / channels,
      channels,
    );
    return [dx, sums];
  };
}

/**
 * FusedBatchNorm's gradient (tfjs-core's FusedBatchNorm_grad: dx, dmean, dvariance, dscale and
 * doffset), on wasm for per-channel statistics over channels that are a multiple of 4 in one SIMD
 * pass instead of ~10 full-size elementwise ops and 4 sums; elsewhere tfjs's own. The per-channel
 * factors are made by the same ops as tfjs's (rsqrt(variance + ε), r·−1, ((r·r)·r)·−0.5) and the
 * full-size products and sums in the same float32 order, so the gradients are the same bits.
 * Why: on a 64-px DCGAN step, batch norm's gradient was about 6% of the time.
 */
export function batchNormGradient(tf: Tfjs, original: tfjs.GradConfig): tfjs.GradConfig {
  return {
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved;
      const channels = x?.shape.at(-1) ?? 0;
      const usable =
        tf.getBackend() === 'wasm' &&
        simdOn(tf.backend()) !== null &&
        !Array.isArray(dy) &&
        x?.dtype === 'float32' &&
        dy.dtype === 'float32' &&
        channels % 4 === 0 &&
        [mean, variance, scale].every((t) => t?.rank === 1 && t.shape[0] === channels);
      if (!usable || !x || !mean || !variance || !scale || Array.isArray(dy)) {
        return original.gradFunc(dy, saved, attrs);
      }
      const { varianceEpsilon } = attrs as unknown as tfjs.FusedBatchNormAttrs;
      const r = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const perChannel = tf.stack([
        r,
        tf.mul(r, tf.scalar(-1)),
        tf.mul(tf.mul(tf.mul(r, r), r), tf.scalar(-0.5)),
      ]);
      const [dx, sums] = tf
        .engine()
        .runKernel(batchNormGradientKernelName, { x, dy, mean, scale, perChannel }, {}) as tfjs.Tensor[];
      if (!dx || !sums) throw new Error('batch norm gradient: no result');
      const [dMean, dVariance, dScale, dOffset] = tf.unstack(sums);
      return {
        x: () => dx,
        mean: () => tf.reshape(dMean as tfjs.Tensor, mean.shape),
        variance: () => tf.reshape(dVariance as tfjs.Tensor, mean.shape),
        scale: () => tf.reshape(dScale as tfjs.Tensor, mean.shape),
        offset: () => tf.reshape(dOffset as tfjs.Tensor, mean.shape),
      };
    },
  };
}
