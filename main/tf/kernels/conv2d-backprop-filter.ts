import type * as tfjs from '@tensorflow/tfjs';
import { asTensor4D } from './kernel-tensors.js';

type Tfjs = typeof tfjs;

/**
 * The weight gradient of a 2D convolution, computed by one forward convolution.
 *
 * dW[i, j, ci, co] = sum over b, p, q of xPadded[b, i + p*s, j + q*s, ci] * dy[b, p, q, co].
 * Read x as a batch of ci images with b channels, and dy as a (p, q) filter from b to co channels
 * dilated by the stride: that sum is exactly a stride-1 convolution, whose output is indexed
 * [ci, i, j, co]. So: two transposes in, one conv (the backend's fastest kernel), one transpose out.
 *
 * Why: tfjs-backend-wasm has no Conv2DBackpropFilter at all, and the cpu backend's runs at about
 * 0.01 GFLOP/s; both backends' forward convolution is 100x faster or more.
 */
export function conv2dBackpropFilterViaConv(
  tf: Tfjs,
  x: tfjs.Tensor4D,
  dy: tfjs.Tensor4D,
  attrs: tfjs.Conv2DBackpropFilterAttrs,
): tfjs.Tensor4D {
  const [kh, kw] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { strideHeight: sh, strideWidth: sw, outHeight, outWidth, padInfo } = info;
  if (dy.shape[1] !== outHeight || dy.shape[2] !== outWidth) {
    throw new Error(`dy is [${dy.shape.join(', ')}] but the convolution gives ${outHeight}x${outWidth}`);
  }
  // The padded rows and columns some output position reads; beyond them padding or data is unused.
  const extraBottom = kh + (outHeight - 1) * sh - padInfo.top - x.shape[1];
  const extraRight = kw + (outWidth - 1) * sw - padInfo.left - x.shape[2];

  return tf.tidy(() => {
    const used =
      extraBottom < 0 || extraRight < 0
        ? tf.slice(
            x,
            [0, 0, 0, 0],
            [-1, x.shape[1] + Math.min(0, extraBottom), x.shape[2] + Math.min(0, extraRight), -1],
          )
        : x;
    const images = tf.transpose(used, [3, 1, 2, 0]);
    const kernel = tf.transpose(dy, [1, 2, 0, 3]);
    const padding: tfjs.backend_util.ExplicitPadding = [
      [0, 0],
      [padInfo.top, Math.max(0, extraBottom)],
      [padInfo.left, Math.max(0, extraRight)],
      [0, 0],
    ];
    const gradient = tf.conv2d(images, kernel, 1, padding, 'NHWC', [sh, sw]);
    return tf.transpose(gradient, [1, 2, 0, 3]);
  });
}

/** The kernel function for tf.registerKernel. */
export function makeConv2dBackpropFilterKernel(tf: Tfjs): tfjs.KernelFunc {
  return ({ inputs, attrs }) => {
    const conv = attrs as unknown as tfjs.Conv2DBackpropFilterAttrs;
    if (conv.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: only NHWC is supported');
    return conv2dBackpropFilterViaConv(
      tf,
      asTensor4D(tf, inputs.x, 'x'),
      asTensor4D(tf, inputs.dy, 'dy'),
      conv,
    );
  };
}
