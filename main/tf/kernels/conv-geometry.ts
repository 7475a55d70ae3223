import type * as tfjs from '@tensorflow/tfjs';

type Tfjs = typeof tfjs;

/** What a gradient kernel needs to know of the forward convolution it differentiates. */
export interface ConvGeometry {
  strideHeight: number;
  strideWidth: number;
  outHeight: number;
  outWidth: number;
  padInfo: { top: number; left: number; bottom: number; right: number };
}

/**
 * The forward convolution's geometry (tfjs's own computeConv2DInfo, dilation 1), after checking
 * that dy has its output's size: a mismatch means a caller passed the wrong tensor.
 */
export function convGeometry(
  tf: Tfjs,
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: {
    strides: number | [number, number];
    pad: tfjs.Conv2DBackpropInputAttrs['pad'];
    dimRoundingMode?: tfjs.Conv2DBackpropInputAttrs['dimRoundingMode'];
  },
  dy: tfjs.Tensor4D,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth) {
    throw new Error(
      `dy is [${dy.shape.join(', ')}] but the convolution gives ${info.outHeight}x${info.outWidth}`,
    );
  }
  return info;
}
