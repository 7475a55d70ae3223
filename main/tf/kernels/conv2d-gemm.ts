import type * as tfjs from '@tensorflow/tfjs';
import { gemmOn } from './gemm-runner.js';
import { asWasmHeapBackend } from './wasm-heap.js';
import { asTensor4D } from './kernel-tensors.js';

type Tfjs = typeof tfjs;

/** Inputs with fewer channels than this take whole filter rows as segments (see below). */
const wideInput = 64;
/** Products smaller than this many multiply-adds stay with the backend's kernel (by default). */
const smallestProduct = 1 << 16;

/**
 * Conv2D (and FusedConv2D with at most a bias, no activation) on the wasm backend as an implicit
 * GEMM on Ganvas's SIMD product (gemm-module.ts): output positions are A's rows, and for each filter
 * tap (ky, kx) the row points at the input pixel that tap reads, iy = oy·sh + ky·dh − top,
 * ix = ox·sw + kx·dw − left (zeros where that falls in the padding). The filter [kh][kw][in][out]
 * is B as it is stored. out[p][o] = bias[o] + Σ_taps Σ_c x[pixel(p, tap)][c] · w[tap][c][o].
 * Narrow inputs (an RGB image; a weight gradient taken as a convolution over a batch of 1, one
 * channel) point once per filter row instead, at kw·C contiguous floats, in a padded copy if the
 * convolution pads: short segments would cost a row-table entry and a pack call each.
 *
 * Why: the convolutions are ~85% of a training step, and XNNPACK's ran at ~60 GFLOP/s on two
 * threads here; this product at ~70, or ~90 where relaxed SIMD's fused multiply-add is on.
 *
 * Not bit for bit the backend's kernel (the sums run in another order); tested against a direct
 * computation. NHWC only (other data formats go to the original), any stride, dilation or padding.
 */
export function makeConv2dGemmKernel(
  tf: Tfjs,
  original: tfjs.KernelFunc | undefined,
  fused: boolean,
  minimumWork = smallestProduct,
): tfjs.KernelFunc {
  return (params) => {
    const handOn = () => {
      if (!original) throw new Error('Conv2D: this backend has no kernel to hand the convolution to');
      return original(params);
    };
    const { x, filter, bias, preluActivationWeights } = params.inputs;
    const attrs = params.attrs as unknown as tfjs.FusedConv2DAttrs;
    const gemm = gemmOn(params.backend);
    if (
      !gemm ||
      !x ||
      !filter ||
      x.dtype !== 'float32' ||
      filter.dtype !== 'float32' ||
      x.shape.length !== 4 ||
      filter.shape.length !== 4 ||
      (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') ||
      (fused && ((attrs.activation ?? 'linear') !== 'linear' || preluActivationWeights !== undefined)) ||
      (bias !== undefined && (bias.dtype !== 'float32' || bias.shape.length !== 1))
    ) {
      return handOn();
    }
    const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
    const [kh, kw, , outChannels] = filter.shape as [number, number, number, number];
    if (bias !== undefined && bias.shape[0] !== outChannels) return handOn();
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = info;
    const m = batch * outHeight * outWidth;
    const k = kh * kw * inChannels;
    if (m * k * outChannels < minimumWork) return handOn();
    // A segment of A's row is one tap's channels, or, for narrow inputs, a whole filter row: its kw
    // taps read kw·C contiguous floats of one input row (dilation 1), of a padded copy if need be.
    const paddedHeight = height + padInfo.top + padInfo.bottom;
    const paddedWidth = width + padInfo.left + padInfo.right;
    const wholeRows =
      inChannels < wideInput &&
      kw > 1 &&
      dilationWidth === 1 &&
      (outWidth - 1) * strideWidth + kw <= paddedWidth &&
      (outHeight - 1) * strideHeight + (kh - 1) * dilationHeight < paddedHeight;
    const segment = wholeRows ? kw * inChannels : inChannels;
    // One-float segments make a row-table entry per multiply-add row; short ones with few outputs
    // leave the tiles mostly padding.
    if (segment < 2 || (outChannels < 8 && segment < 16)) return handOn();

    const padded =
      wholeRows && (padInfo.top || padInfo.bottom || padInfo.left || padInfo.right)
        ? tf.pad(asTensor4D(tf, x, 'x'), [
            [0, 0],
            [padInfo.top, padInfo.bottom],
            [padInfo.left, padInfo.right],
            [0, 0],
          ])
        : null;
    const backend = asWasmHeapBackend(params.backend);
    const out = backend.makeOutput([batch, outHeight, outWidth, outChannels], 'float32');
    const at = (info: tfjs.TensorInfo) => backend.getMemoryOffset(info.dataId);
    const pixelBytes = inChannels * 4;
    try {
      gemm.run({
        m,
        n: outChannels,
        k,
        kb: segment,
        b: at(filter),
        ldb: outChannels * 4,
        c: at(out),
        bias: bias ? at(bias) : null,
        fillRowTable: wholeRows
          ? (table, mPad) => {
              const input = at(padded ?? x);
              for (let ky = 0; ky < kh; ky++) {
                let row = ky * mPad;
                for (let b = 0; b < batch; b++) {
                  for (let oy = 0; oy < outHeight; oy++) {
                    const iy = oy * strideHeight + ky * dilationHeight;
                    const rowStart = input + (b * paddedHeight + iy) * paddedWidth * pixelBytes;
                    for (let ox = 0; ox < outWidth; ox++, row++) {
                      table[row] = rowStart + ox * strideWidth * pixelBytes;
                    }
                  }
                }
              }
            }
          : (table, mPad, zeros) => {
              const input = at(x);
              for (let ky = 0; ky < kh; ky++) {
                for (let kx = 0; kx < kw; kx++) {
                  let row = (ky * kw + kx) * mPad;
                  for (let b = 0; b < batch; b++) {
                    for (let oy = 0; oy < outHeight; oy++) {
                      const iy = oy * strideHeight + ky * dilationHeight - padInfo.top;
                      const inside = iy >= 0 && iy < height;
                      const rowStart = input + (b * height + iy) * width * pixelBytes;
                      for (let ox = 0; ox < outWidth; ox++, row++) {
                        const ix = ox * strideWidth + kx * dilationWidth - padInfo.left;
                        table[row] = inside && ix >= 0 && ix < width ? rowStart + ix * pixelBytes : zeros;
                      }
                    }
                  }
                }
              }
            },
      });
    } finally {
      padded?.dispose();
    }
    return out;
  };
}
