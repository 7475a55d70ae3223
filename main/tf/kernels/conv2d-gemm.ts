import type * as tfjs from '@tensorflow/tfjs';
import { gemmOn } from './gemm-runner.js';

type Tfjs = typeof tfjs;

interface HeapBackend {
  makeOutput(shape: number[], dtype: tfjs.DataType): tfjs.TensorInfo;
  getMemoryOffset(dataId: tfjs.DataId): number;
}

const minimumInChannels = 2;
/** Products smaller than this many multiply-adds stay with the backend's kernel (by default). */
const smallestProduct = 1 << 16;

/**
 * Conv2D (and FusedConv2D with at most a bias, no activation) on the wasm backend as an implicit
 * GEMM on Ganvas's SIMD product (gemm-module.ts): output positions are A's rows, and for each filter
 * tap (ky, kx) the row points at the input pixel that tap reads, iy = oy·sh + ky·dh − top,
 * ix = ox·sw + kx·dw − left (zeros where that falls in the padding). The filter [kh][kw][in][out]
 * is B as it is stored. out[p][o] = bias[o] + Σ_taps Σ_c x[pixel(p, tap)][c] · w[tap][c][o].
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
    // One input channel makes a row-table entry per multiply-add row (a weight gradient taken as
    // a convolution over a batch of 1); few in and few out channels leave the tiles mostly padding.
    if (inChannels < minimumInChannels || (outChannels < 8 && inChannels < 16)) return handOn();
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
    const m = batch * outHeight * outWidth;
    const k = kh * kw * inChannels;
    if (m * k * outChannels < minimumWork) return handOn();

    const backend = params.backend as unknown as HeapBackend;
    const out = backend.makeOutput([batch, outHeight, outWidth, outChannels], 'float32');
    const at = (info: tfjs.TensorInfo) => backend.getMemoryOffset(info.dataId);
    const input = at(x);
    const { top, left } = info.padInfo;
    gemm.run({
      m,
      n: outChannels,
      k,
      kb: inChannels,
      b: at(filter),
      ldb: outChannels * 4,
      c: at(out),
      bias: bias ? at(bias) : null,
      fillRowTable: (table, mPad, zeros) => {
        const pixelBytes = inChannels * 4;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            let row = (ky * kw + kx) * mPad;
            for (let b = 0; b < batch; b++) {
              for (let oy = 0; oy < outHeight; oy++) {
                const iy = oy * strideHeight + ky * dilationHeight - top;
                const inside = iy >= 0 && iy < height;
                const rowStart = input + (b * height + iy) * width * pixelBytes;
                for (let ox = 0; ox < outWidth; ox++, row++) {
                  const ix = ox * strideWidth + kx * dilationWidth - left;
                  table[row] = inside && ix >= 0 && ix < width ? rowStart + ix * pixelBytes : zeros;
                }
              }
            }
          }
        }
      },
    });
    return out;
  };
}
