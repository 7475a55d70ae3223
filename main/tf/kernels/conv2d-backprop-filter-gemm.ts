import type * as tfjs from '@tensorflow/tfjs';
import { convGeometry } from './conv-geometry.js';
import { gemmOn } from './gemm-runner.js';
import { asWasmHeapBackend } from './wasm-heap.js';

type Tfjs = typeof tfjs;

/** Shorter output rows make segments too short to pack well; the other ways take them. */
const shortestRow = 4;

/**
 * A convolution's weight gradient as one implicit GEMM on Ganvas's SIMD product, no patches gathered:
 *
 *   dW[(i, j, ci)][co] = Σ_(b, p, q) x[b][p·sh + i − top][q·sw + j − left][ci] · dy[b][p][q][co].
 *
 * A's row (i, j, ci) runs over (b, p, q); for each (b, p) its outW values are x at a stride of sw
 * along a row, which are contiguous in a copy of x split by stride phase, channels before space:
 * phases[i mod sh][j mod sw][ci][b][y][x] = xPadded[b][y·sh + i mod sh][x·sw + j mod sw][ci], read
 * at y = p + ⌊i/sh⌋, x = q + ⌊j/sw⌋. So each (b, p) is one segment of the row table. B is dy as a
 * (b·p·q × co) matrix, as it is stored; the product is dW in its own layout.
 *
 * Why: for small batches (CycleGAN trains on one image) the gradient was a gathered patch matrix
 * times dy; the gather alone took ~80 ms of a CycleGAN step. Here one pad and one transpose of x
 * (the size of x, not of its patches) replace it.
 *
 * Returns null where the GEMM is not available (not wasm) or the output rows are too short.
 */
export function conv2dBackpropFilterOnGemm(
  tf: Tfjs,
  x: tfjs.Tensor4D,
  dy: tfjs.Tensor4D,
  attrs: tfjs.Conv2DBackpropFilterAttrs,
): tfjs.TensorInfo | null {
  const gemm = gemmOn(tf.backend());
  if (!gemm || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const [kh, kw, inChannels, outChannels] = attrs.filterShape;
  const geometry = convGeometry(tf, x.shape, attrs.filterShape, attrs, dy);
  const { strideHeight: sh, strideWidth: sw, outHeight, outWidth, padInfo } = geometry;
  if (outWidth < shortestRow) return null;
  const [batch, height, width] = x.shape;
  // Each phase plane holds the rows p + ⌊i/sh⌋ (p < outHeight, i < kh), and likewise columns.
  const phaseHeight = outHeight + Math.floor((kh - 1) / sh);
  const phaseWidth = outWidth + Math.floor((kw - 1) / sw);
  const bottom = phaseHeight * sh - padInfo.top - height;
  const right = phaseWidth * sw - padInfo.left - width;
  const phases = tf.tidy(() => {
    // Rows and columns no output reads are cut; the padding, and rounding up to whole phases, added.
    const used =
      bottom < 0 || right < 0
        ? tf.slice(x, [0, 0, 0, 0], [-1, height + Math.min(0, bottom), width + Math.min(0, right), -1])
        : x;
    const padded = tf.pad(used, [
      [0, 0],
      [padInfo.top, Math.max(0, bottom)],
      [padInfo.left, Math.max(0, right)],
      [0, 0],
    ]);
    // [b·y][py][x][px·C + ci] → [py][px·C + ci][b·y][x]: [py][px][ci][b][y][x].
    const split = tf.reshape(padded, [batch * phaseHeight, sh, phaseWidth, sw * inChannels]);
    return tf.transpose(split, [1, 3, 0, 2]);
  });
  const backend = asWasmHeapBackend(tf.backend());
  const out = backend.makeOutput([kh, kw, inChannels, outChannels], 'float32');
  try {
    const base = backend.getMemoryOffset(phases.dataId);
    const plane = phaseHeight * phaseWidth;
    gemm.run({
      m: kh * kw * inChannels,
      n: outChannels,
      k: batch * outHeight * outWidth,
      kb: outWidth,
      b: backend.getMemoryOffset(dy.dataId),
      ldb: outChannels * 4,
      c: backend.getMemoryOffset(out.dataId),
      bias: null,
      fillRowTable: (table, mPad) => {
        for (let b = 0, segment = 0; b < batch; b++) {
          for (let p = 0; p < outHeight; p++, segment++) {
            let row = segment * mPad;
            for (let i = 0; i < kh; i++) {
              for (let j = 0; j < kw; j++) {
                const phase = (i % sh) * sw + (j % sw);
                const offset = (p + Math.floor(i / sh)) * phaseWidth + Math.floor(j / sw);
                for (let ci = 0; ci < inChannels; ci++, row++) {
                  table[row] = base + (((phase * inChannels + ci) * batch + b) * plane + offset) * 4;
                }
              }
            }
          }
        }
      },
    });
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  } finally {
    phases.dispose();
  }
  return out;
}
