import type * as tfjs from '@tensorflow/tfjs';
import { asTensor4D } from './kernel-tensors.js';

type Tfjs = typeof tfjs;

/**
 * The input gradient of a 2D convolution (and so the forward pass of a transposed convolution),
 * computed by one stride-1 forward convolution and a depth-to-space rearrangement.
 *
 * With stride s, padded row Y = y + padTop = s*m + r receives dy[p] through filter row
 * i = Y - s*p = s*(m - p) + r: for each phase r, a stride-1 correlation of dy with the filter rows
 * r, r+s, r+2s... reversed. Stacking the s*s phases along the output channels makes one
 * convolution; its blocks are spread back to rows s*m + r and cropped to the input size. Every
 * multiply is one the definition needs, except where the padding is odd at the border.
 *
 * Why: tfjs-backend-wasm's Conv2DBackpropInput is a plain loop at about 1-3 GFLOP/s, while its
 * XNNPACK forward convolution runs at 10-25 GFLOP/s.
 */
export function conv2dBackpropInputViaConv(
  tf: Tfjs,
  dy: tfjs.Tensor4D,
  filter: tfjs.Tensor4D,
  attrs: tfjs.Conv2DBackpropInputAttrs,
): tfjs.Tensor4D {
  const [batch, inHeight, inWidth, inChannels] = attrs.inputShape;
  const [kh, kw] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  if (dy.shape[1] !== info.outHeight || dy.shape[2] !== info.outWidth) {
    throw new Error(
      `dy is [${dy.shape.join(', ')}] but the convolution gives ${info.outHeight}x${info.outWidth}`,
    );
  }
  const taps: [number, number] = [Math.ceil(kh / sh), Math.ceil(kw / sw)];
  const blocksHigh = Math.ceil((padInfo.top + inHeight) / sh);
  const blocksWide = Math.ceil((padInfo.left + inWidth) / sw);
  // dy rows past the last block reach no input row.
  const usedHigh = Math.min(dy.shape[1], blocksHigh);
  const usedWide = Math.min(dy.shape[2], blocksWide);

  const phaseFilter = stackPhases(tf, filter, sh, sw, taps);
  try {
    return tf.tidy(() => {
      const used =
        usedHigh < dy.shape[1] || usedWide < dy.shape[2]
          ? tf.slice(dy, [0, 0, 0, 0], [-1, usedHigh, usedWide, -1])
          : dy;
      const padding: tfjs.backend_util.ExplicitPadding = [
        [0, 0],
        [taps[0] - 1, blocksHigh - usedHigh],
        [taps[1] - 1, blocksWide - usedWide],
        [0, 0],
      ];
      const blocks = tf.conv2d(used, phaseFilter, 1, padding);
      // [b, m, n, (ry, rx, c)] -> [b, m, ry, n, rx, c], with b and m merged to stay within rank 4.
      const rows = tf.reshape(blocks, [batch * blocksHigh, blocksWide, sh, sw * inChannels]);
      const spread = tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [
        batch,
        blocksHigh * sh,
        blocksWide * sw,
        inChannels,
      ]);
      return tf.slice(
        spread,
        [0, padInfo.top, padInfo.left, 0],
        [-1, inHeight, inWidth, -1],
      ) as tfjs.Tensor4D;
    });
  } finally {
    phaseFilter.dispose();
  }
}

/**
 * [kh, kw, in, out] -> [th, tw, out, sh*sw*in]: tap t of phase (ry, rx) holds filter element
 * (s*(th-1-t) + ry, ...), transposed from in->out to out->in, zero where the filter ends.
 * Done in JavaScript on purpose: wasm's rank-6 transpose and reverse take 10x longer than this.
 */
function stackPhases(
  tf: Tfjs,
  filter: tfjs.Tensor4D,
  sh: number,
  sw: number,
  [th, tw]: [number, number],
): tfjs.Tensor4D {
  const [kh, kw, inChannels, outChannels] = filter.shape;
  const transposed = tf.transpose(filter, [0, 1, 3, 2]);
  const source = transposed.dataSync();
  transposed.dispose();
  const depth = sh * sw * inChannels;
  const stacked = new Float32Array(th * tw * outChannels * depth);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const tap = (th - 1 - Math.floor(i / sh)) * tw + (tw - 1 - Math.floor(j / sw));
      const phase = (i % sh) * sw + (j % sw);
      for (let co = 0; co < outChannels; co++) {
        const from = ((i * kw + j) * outChannels + co) * inChannels;
        stacked.set(
          source.subarray(from, from + inChannels),
          (tap * outChannels + co) * depth + phase * inChannels,
        );
      }
    }
  }
  return tf.tensor4d(stacked, [th, tw, outChannels, depth]);
}

/** The kernel function for tf.registerKernel; NCHW goes to the backend's own kernel. */
export function makeConv2dBackpropInputKernel(
  tf: Tfjs,
  original: tfjs.KernelFunc | undefined,
): tfjs.KernelFunc {
  return (params) => {
    const conv = params.attrs as unknown as tfjs.Conv2DBackpropInputAttrs;
    if (conv.dataFormat === 'NCHW') {
      if (original) return original(params);
      throw new Error('Conv2DBackpropInput: only NHWC is supported');
    }
    const { inputs } = params;
    return conv2dBackpropInputViaConv(
      tf,
      asTensor4D(tf, inputs.dy, 'dy'),
      asTensor4D(tf, inputs.filter, 'filter'),
      conv,
    );
  };
}
