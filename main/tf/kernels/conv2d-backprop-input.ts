import type * as tfjs from '@tensorflow/tfjs';
import { convGeometry } from './conv-geometry.js';
import { type DerivedFilter, DerivedFilterCache } from './derived-filter-cache.js';
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
  cache?: DerivedFilterCache,
): tfjs.Tensor4D {
  const [batch, inHeight, inWidth, inChannels] = attrs.inputShape;
  const [kh, kw] = filter.shape;
  const {
    strideHeight: sh,
    strideWidth: sw,
    padInfo,
  } = convGeometry(tf, attrs.inputShape, filter.shape, attrs, dy);
  const taps: [number, number] = [Math.ceil(kh / sh), Math.ceil(kw / sw)];
  const blocksHigh = Math.ceil((padInfo.top + inHeight) / sh);
  const blocksWide = Math.ceil((padInfo.left + inWidth) / sw);
  // dy rows past the last block reach no input row.
  const usedHigh = Math.min(dy.shape[1], blocksHigh);
  const usedWide = Math.min(dy.shape[2], blocksWide);

  const [phaseFilter] = phaseFilters(tf, filter, sh, sw, taps, 'stacked', cache);
  if (!phaseFilter) throw new Error('no phase filter');
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

/** How one phase's rows (or columns) are computed: which dy rows, how padded, where they land. */
interface PhaseAxis {
  /** dy rows [sliceStart, sliceEnd) are read... */
  sliceStart: number;
  sliceEnd: number;
  /** ...with this many zero rows before and after, for a 'valid' stride-1 convolution. */
  padBefore: number;
  padAfter: number;
  /** The first input row this phase gives; the next are every `stride` rows. */
  offset: number;
}

/**
 * Padded row Y = y + pad is phase r = Y mod s, block m = Y div s, and block m sums dy[m - t]
 * through filter row r + s*t for taps t < T. With the input size a multiple of s, every phase
 * gives exactly size/s rows, from block mLo = ceil((pad - r) / s) on.
 */
function phaseAxis(
  dySize: number,
  inSize: number,
  pad: number,
  stride: number,
  taps: number,
  r: number,
): PhaseAxis {
  const first = Math.ceil((pad - r) / stride);
  const count = inSize / stride;
  const lowest = first - taps + 1;
  const highest = first + count - 1;
  return {
    sliceStart: Math.max(0, lowest),
    sliceEnd: Math.min(dySize, highest + 1),
    padBefore: Math.max(0, -lowest),
    padAfter: Math.max(0, highest - (dySize - 1)),
    offset: stride * first + r - pad,
  };
}

/** Whether conv2dBackpropInputByPhases can compute this gradient: strided, sides multiples of it. */
export function phasesApply(attrs: tfjs.Conv2DBackpropInputAttrs): boolean {
  const [sh, sw] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
  const [, height, width] = attrs.inputShape;
  return sh * sw > 1 && height % sh === 0 && width % sw === 0;
}

/**
 * The same gradient as conv2dBackpropInputViaConv, phase by phase: one stride-1 convolution per
 * (row, column) phase, each over exactly the dy rows and columns its input positions need, and
 * the phases interleaved by two concatenations. No multiply is wasted on positions the crop would
 * drop: at DCGAN's 4x4 -> 8x8 layer the stacked convolution computes 25 blocks for 16 (36% more).
 * Needs phasesApply(attrs).
 */
export function conv2dBackpropInputByPhases(
  tf: Tfjs,
  dy: tfjs.Tensor4D,
  filter: tfjs.Tensor4D,
  attrs: tfjs.Conv2DBackpropInputAttrs,
  cache?: DerivedFilterCache,
): tfjs.Tensor4D {
  if (!phasesApply(attrs))
    throw new Error('Conv2DBackpropInput by phases: needs a stride and sides divisible by it');
  const [batch, inHeight, inWidth, inChannels] = attrs.inputShape;
  const [kh, kw] = filter.shape;
  const {
    strideHeight: sh,
    strideWidth: sw,
    padInfo,
  } = convGeometry(tf, attrs.inputShape, filter.shape, attrs, dy);
  const taps: [number, number] = [Math.ceil(kh / sh), Math.ceil(kw / sw)];
  const filters = phaseFilters(tf, filter, sh, sw, taps, 'separate', cache);
  try {
    return tf.tidy(() => {
      // byOffset[a][b]: the phase whose first row is a and first column b.
      const byOffset: tfjs.Tensor4D[][] = Array.from({ length: sh }, () => new Array<tfjs.Tensor4D>(sw));
      for (let ry = 0; ry < sh; ry++) {
        const rows = phaseAxis(dy.shape[1], inHeight, padInfo.top, sh, taps[0], ry);
        for (let rx = 0; rx < sw; rx++) {
          const columns = phaseAxis(dy.shape[2], inWidth, padInfo.left, sw, taps[1], rx);
          const phaseFilter = filters[ry * sw + rx];
          if (!phaseFilter) throw new Error('phase out of range');
          const whole =
            rows.sliceStart === 0 &&
            rows.sliceEnd === dy.shape[1] &&
            columns.sliceStart === 0 &&
            columns.sliceEnd === dy.shape[2];
          const used = whole
            ? dy
            : tf.slice(
                dy,
                [0, rows.sliceStart, columns.sliceStart, 0],
                [-1, rows.sliceEnd - rows.sliceStart, columns.sliceEnd - columns.sliceStart, -1],
              );
          const row = byOffset[rows.offset];
          if (!row) throw new Error('phase offsets out of range');
          row[columns.offset] = tf.conv2d(used, phaseFilter, 1, [
            [0, 0],
            [rows.padBefore, rows.padAfter],
            [columns.padBefore, columns.padAfter],
            [0, 0],
          ]);
        }
      }
      // Columns a phase apart sit side by side in the channels, then unfold into the width;
      // rows likewise along the width, then unfold into the height.
      const blocksHigh = inHeight / sh;
      const rowsOf = byOffset.map((phases) =>
        tf.reshape(tf.concat(phases, 3), [batch, blocksHigh, inWidth, inChannels]),
      );
      return tf.reshape(tf.concat(rowsOf, 2), [batch, inHeight, inWidth, inChannels]) as tfjs.Tensor4D;
    });
  } finally {
    tf.dispose(filters);
  }
}

/**
 * The phase filters: [kh, kw, in, out] -> [th, tw, out, in] per phase (ry, rx), phase ry*sw + rx,
 * whose tap t holds filter element (s*(th-1-t) + ry, ...), transposed from in->out to out->in, zero
 * where the filter ends; or all phases stacked along the output channels, [th, tw, out, sh*sw*in].
 * Built in JavaScript on purpose: wasm's rank-6 transpose and reverse take 10x longer, and slicing
 * separate phases from the stacked filter took 4 ms a filter at DCGAN's 512-channel layer. With a
 * cache, built once per version of the weight.
 */
function phaseFilters(
  tf: Tfjs,
  filter: tfjs.Tensor4D,
  sh: number,
  sw: number,
  [th, tw]: [number, number],
  layout: 'stacked' | 'separate',
  cache: DerivedFilterCache | undefined,
): tfjs.Tensor4D[] {
  const build = () => buildPhaseFilters(tf, filter, sh, sw, [th, tw], layout);
  const tensors = cache
    ? cache.filters(filter, `phases ${sh}x${sw} ${th}x${tw} ${layout}`, build)
    : build().map(({ values, shape }) => tf.tensor(values, shape));
  return tensors as tfjs.Tensor4D[];
}

function buildPhaseFilters(
  tf: Tfjs,
  filter: tfjs.Tensor4D,
  sh: number,
  sw: number,
  [th, tw]: [number, number],
  layout: 'stacked' | 'separate',
): DerivedFilter[] {
  const [kh, kw, inChannels, outChannels] = filter.shape;
  const transposed = tf.transpose(filter, [0, 1, 3, 2]);
  const source = transposed.dataSync();
  transposed.dispose();
  const phases = sh * sw;
  const stacked = layout === 'stacked';
  const depth = stacked ? phases * inChannels : inChannels;
  const targets = Array.from(
    { length: stacked ? 1 : phases },
    () => new Float32Array(th * tw * outChannels * depth),
  );
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const tap = (th - 1 - Math.floor(i / sh)) * tw + (tw - 1 - Math.floor(j / sw));
      const phase = (i % sh) * sw + (j % sw);
      const target = targets[stacked ? 0 : phase];
      if (!target) throw new Error('phase out of range');
      const offset = stacked ? phase * inChannels : 0;
      for (let co = 0; co < outChannels; co++) {
        const from = ((i * kw + j) * outChannels + co) * inChannels;
        target.set(source.subarray(from, from + inChannels), (tap * outChannels + co) * depth + offset);
      }
    }
  }
  return targets.map((values) => ({ values, shape: [th, tw, outChannels, depth] }));
}

/** The kernel function for tf.registerKernel; NCHW goes to the backend's own kernel. */
export function makeConv2dBackpropInputKernel(
  tf: Tfjs,
  original: tfjs.KernelFunc | undefined,
): tfjs.KernelFunc {
  // Enough for every filter of two CycleGAN generators and discriminators (about 60).
  const cache = new DerivedFilterCache(tf, 128);
  return (params) => {
    const conv = params.attrs as unknown as tfjs.Conv2DBackpropInputAttrs;
    if (conv.dataFormat === 'NCHW') {
      if (original) return original(params);
      throw new Error('Conv2DBackpropInput: only NHWC is supported');
    }
    const { inputs } = params;
    // By phases wastes no multiplies but makes sh*sw convolutions of `in` output channels each, and
    // sh*sw filters: XNNPACK runs those well from 16 channels up (an RGB output stays one stacked
    // convolution), and they pay off with a batch to share the set-up (DCGAN's 64, not CycleGAN's
    // one image: measured on wasm, its step took 0.24 s longer by phases).
    const [batch, , , channels] = conv.inputShape;
    const way =
      phasesApply(conv) && channels >= 16 && batch >= 8
        ? conv2dBackpropInputByPhases
        : conv2dBackpropInputViaConv;
    return way(tf, asTensor4D(tf, inputs.dy, 'dy'), asTensor4D(tf, inputs.filter, 'filter'), conv, cache);
  };
}
