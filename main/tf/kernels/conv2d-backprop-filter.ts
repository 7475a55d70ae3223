import type * as tfjs from '@tensorflow/tfjs';
import { conv2dBackpropFilterOnGemm } from './conv2d-backprop-filter-gemm.js';
import { convGeometry } from './conv-geometry.js';
import { asTensor4D } from './kernel-tensors.js';
import { asWasmHeapBackend, simdOn, type WasmHeapBackend } from './wasm-heap.js';

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
  const {
    strideHeight: sh,
    strideWidth: sw,
    outHeight,
    outWidth,
    padInfo,
  } = convGeometry(tf, x.shape, attrs.filterShape, attrs, dy);
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

/**
 * The same gradient as one matrix product of gathered patches (im2col):
 * dW[(i, j, ci), co] = sum over (b, p, q) of xPadded[b, i + p*s, j + q*s, ci] * dy[b, p, q, co],
 * i.e. the transposed patch matrix (ijci × bpq), whose row block for tap (i, j) is the strided
 * slice of the channels-first padded input that tap reads, times dy as a (bpq × co) matrix.
 *
 * Why: with a small batch (CycleGAN trains on one image) the convolution above has as many input
 * channels as images, and XNNPACK runs such a convolution at a fraction of its speed (a 3x3, 256 to
 * 256 channel weight gradient at 16x16: 22 GFLOP/s on two threads, against ~55 for the forward
 * convolution). Here the work is one product, which XNNPACK runs at ~58 GFLOP/s.
 */
export function conv2dBackpropFilterViaMatMul(
  tf: Tfjs,
  x: tfjs.Tensor4D,
  dy: tfjs.Tensor4D,
  attrs: tfjs.Conv2DBackpropFilterAttrs,
): tfjs.Tensor4D {
  const [kh, kw, inChannels, outChannels] = attrs.filterShape;
  const {
    strideHeight: sh,
    strideWidth: sw,
    outHeight,
    outWidth,
    padInfo,
  } = convGeometry(tf, x.shape, attrs.filterShape, attrs, dy);
  const rows = x.shape[0] * outHeight * outWidth;
  const heapBackend = wasmHeapBackendOrNull(tf);
  return tf.tidy(() => {
    const patchesT = heapBackend
      ? gatherPatchesTransposed(tf, heapBackend, x, {
          kernel: [kh, kw],
          strides: [sh, sw],
          padding: [padInfo.top, padInfo.left],
          out: [outHeight, outWidth],
        })
      : gatherPatchesTransposedByOps(tf, x, attrs.filterShape, [sh, sw], padInfo, [outHeight, outWidth]);
    const gradient = tf.matMul(patchesT, tf.reshape(dy, [rows, outChannels]));
    return tf.reshape(gradient, [kh, kw, inChannels, outChannels]);
  });
}

/** The backend when tensors live in a wasm heap (JavaScript reads them in place), else null. */
function wasmHeapBackendOrNull(tf: Tfjs): WasmHeapBackend | null {
  try {
    return asWasmHeapBackend(tf.backend());
  } catch {
    return null;
  }
}

/** Where the patches of a convolution come from. */
export interface PatchGeometry {
  kernel: [number, number];
  strides: [number, number];
  /** Zero rows above and columns left of the input. */
  padding: [number, number];
  /** The output's height and width: the patches per image. */
  out: [number, number];
}

/**
 * The transposed patch matrix, row (i, j, ci), column (b, p, q):
 * patchesT[(i*kw + j)*C + ci, (b*outH + p)*outW + q] = x[b, p*sh + i - padTop, q*sw + j - padLeft, ci],
 * zero where that falls in the padding. Written row by row, each row reading x at a stride of C
 * (about 1 ms for CycleGAN's 3x3, 256-channel layer; reading x in order and writing at a stride,
 * or copying it channels first, measured no faster).
 */
export function gatherPatchesTransposedInto(
  x: Float32Array,
  [batch, height, width, channels]: readonly [number, number, number, number],
  { kernel: [kh, kw], strides: [sh, sw], padding: [padTop, padLeft], out: [outH, outW] }: PatchGeometry,
  target: Float32Array,
): void {
  let k = 0;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let ci = 0; ci < channels; ci++) {
        for (let b = 0; b < batch; b++) {
          for (let p = 0; p < outH; p++) {
            const y = p * sh + i - padTop;
            if (y < 0 || y >= height) {
              target.fill(0, k, k + outW);
              k += outW;
              continue;
            }
            const rowStart = (b * height + y) * width;
            for (let q = 0; q < outW; q++, k++) {
              const column = q * sw + j - padLeft;
              target[k] = column < 0 || column >= width ? 0 : (x[(rowStart + column) * channels + ci] ?? 0);
            }
          }
        }
      }
    }
  }
}

/**
 * The transposed patch matrix gathered in JavaScript straight from the heap: one pass, where the
 * same by ops takes a pad, a transpose and kh·kw strided slices (a quarter of a CycleGAN step's
 * weight gradients, on wasm).
 */
function gatherPatchesTransposed(
  tf: Tfjs,
  backend: WasmHeapBackend,
  x: tfjs.Tensor4D,
  geometry: PatchGeometry,
): tfjs.Tensor2D {
  const [kh, kw] = geometry.kernel;
  const [batch, height, width, channels] = x.shape;
  const [outH, outW] = geometry.out;
  const shape = [kh * kw * channels, batch * outH * outW];
  const out = backend.makeOutput(shape, 'float32');
  const simd = simdOn(backend);
  const plane = batch * height * width;
  // Stride 1 inside the image (CycleGAN's residual blocks, padded by reflection first): rows of the
  // matrix are runs of the channels-first input, copied four floats at a time.
  const windowsOnly =
    geometry.strides[0] === 1 &&
    geometry.strides[1] === 1 &&
    geometry.padding[0] === 0 &&
    geometry.padding[1] === 0 &&
    outH + kh - 1 <= height &&
    outW + kw - 1 <= width &&
    plane % 4 === 0 &&
    channels % 4 === 0;
  if (simd && windowsOnly) {
    const channelsFirst = backend.makeOutput([channels, plane], 'float32');
    simd.helpers.swapOuterInner(simd.pointer(x), simd.pointer(channelsFirst), plane, 1, channels);
    simd.helpers.gatherWindows(
      simd.pointer(channelsFirst),
      simd.pointer(out),
      channels,
      batch,
      height,
      width,
      kh,
      kw,
      outH,
      outW,
    );
    backend.disposeData(channelsFirst.dataId);
  } else {
    gatherPatchesTransposedInto(
      backend.typedArrayFromHeap(x) as Float32Array,
      x.shape,
      geometry,
      backend.typedArrayFromHeap(out) as Float32Array,
    );
  }
  return tf.engine().makeTensorFromTensorInfo(out) as tfjs.Tensor2D;
}

/** The same matrix by tfjs ops, for backends whose memory JavaScript cannot read in place. */
export function gatherPatchesTransposedByOps(
  tf: Tfjs,
  x: tfjs.Tensor4D,
  [kh, kw, inChannels]: readonly [number, number, number, number],
  [sh, sw]: [number, number],
  padInfo: { top: number; left: number },
  [outHeight, outWidth]: [number, number],
): tfjs.Tensor2D {
  const [batch, height, width] = x.shape;
  // The padded rows and columns the windows cover; beyond them, padding or data is never read.
  const coveredHigh = (outHeight - 1) * sh + kh;
  const coveredWide = (outWidth - 1) * sw + kw;
  const padded = tf.pad(x, [
    [0, 0],
    [padInfo.top, Math.max(0, coveredHigh - padInfo.top - height)],
    [padInfo.left, Math.max(0, coveredWide - padInfo.left - width)],
    [0, 0],
  ]);
  // Channels first, so each tap's slice is already a block of rows of the patch matrix.
  const channelsFirst = tf.transpose(padded, [3, 0, 1, 2]);
  const taps: tfjs.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      taps.push(
        tf.stridedSlice(
          channelsFirst,
          [0, 0, i, j],
          [inChannels, batch, i + (outHeight - 1) * sh + 1, j + (outWidth - 1) * sw + 1],
          [1, 1, sh, sw],
        ) as tfjs.Tensor4D,
      );
    }
  }
  return tf.reshape(tf.concat(taps, 0), [kh * kw * inChannels, batch * outHeight * outWidth]);
}

/**
 * Which of the two is faster, as measured on wasm with two threads: the patch product for a batch
 * of up to 4 images (CycleGAN's 3x3, 256-channel residual convolutions at batch 1: 5.4 ms against
 * 13.6; its stride-2 3x3 layers: 5 ms against 8), the convolution otherwise (DCGAN's batch of 64
 * becomes its channels, which XNNPACK runs at 45-55 GFLOP/s).
 */
export function prefersPatchProduct(batch: number, outChannels: number): boolean {
  // Gathering costs as much per output channel as the product computes with: it pays off only
  // with many output channels (not for the 3-channel RGB layer: 49 gathered 64-channel slices).
  return batch <= smallBatch && outChannels >= 64;
}

/** Batches this small make the images a convolution's channels too few for a fast convolution. */
const smallBatch = 4;

/** The kernel function for tf.registerKernel. */
export function makeConv2dBackpropFilterKernel(tf: Tfjs): tfjs.KernelFunc {
  return ({ inputs, attrs }) => {
    const conv = attrs as unknown as tfjs.Conv2DBackpropFilterAttrs;
    if (conv.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: only NHWC is supported');
    const x = asTensor4D(tf, inputs.x, 'x');
    const dy = asTensor4D(tf, inputs.dy, 'dy');
    // On wasm, small batches as an implicit GEMM (no patches gathered), where it takes the shape.
    const onGemm = x.shape[0] <= smallBatch ? conv2dBackpropFilterOnGemm(tf, x, dy, conv) : null;
    if (onGemm) return onGemm;
    return prefersPatchProduct(x.shape[0], conv.filterShape[3])
      ? conv2dBackpropFilterViaMatMul(tf, x, dy, conv)
      : conv2dBackpropFilterViaConv(tf, x, dy, conv);
  };
}
