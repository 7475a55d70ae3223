/** Packed 8-bit RGB pixels, row by row. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface AxisWeights {
  first: Int32Array;
  taps: number;
  /** `taps` weights per output position (zero-padded), summing to 1. */
  weights: Float32Array;
}

/**
 * Per-output-pixel source taps along one axis. Shrinking averages the exact area each output pixel
 * covers (a box filter: no ringing, no aliasing, as TF's "area" resize); enlarging interpolates linearly.
 */
function axisWeights(start: number, length: number, outLength: number): AxisWeights {
  const scale = length / outLength;
  const taps = scale >= 1 ? Math.ceil(scale) + 1 : 2;
  const first = new Int32Array(outLength);
  const weights = new Float32Array(outLength * taps);
  const last = start + length - 1;
  for (let i = 0; i < outLength; i++) {
    if (scale >= 1) {
      const from = start + i * scale;
      const to = from + scale;
      const k0 = Math.floor(from);
      first[i] = k0;
      for (let t = 0; t < taps; t++) {
        const k = k0 + t;
        const overlap = Math.min(to, k + 1) - Math.max(from, k);
        if (overlap > 0 && k <= last) weights[i * taps + t] = overlap / scale;
      }
    } else {
      const centre = Math.min(Math.max(start + (i + 0.5) * scale - 0.5, start), last);
      const k0 = Math.min(Math.floor(centre), Math.max(last - 1, start));
      const fraction = centre - k0;
      first[i] = k0;
      weights[i * taps] = 1 - fraction;
      weights[i * taps + 1] = k0 + 1 <= last ? fraction : 0;
      if (k0 + 1 > last) weights[i * taps] = 1;
    }
  }
  return { first, taps, weights };
}

/** Resamples a region of an RGB image to outWidth x outHeight (separable: rows, then columns). */
export function resampleRegion(
  source: RgbImage,
  region: Region,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (region.width % outWidth === 0 && region.height % outHeight === 0) {
    return boxShrink(source, region, region.width / outWidth, region.height / outHeight);
  }
  return areaResample(source, region, outWidth, outHeight);
}

/** The general path: any region, any output size. Exported for the tests that compare it with boxShrink. */
export function areaResample(
  source: RgbImage,
  region: Region,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  const { data, width } = source;
  const horizontal = axisWeights(region.left, region.width, outWidth);
  const vertical = axisWeights(region.top, region.height, outHeight);
  // Rows of the region resampled horizontally, as floats (rounding once, at the end).
  const rows = new Float32Array(region.height * outWidth * 3);
  const hTaps = horizontal.taps;
  for (let y = 0; y < region.height; y++) {
    const sourceRow = (region.top + y) * width * 3;
    const rowOut = y * outWidth * 3;
    for (let x = 0; x < outWidth; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const k0 = horizontal.first[x] ?? 0;
      for (let t = 0; t < hTaps; t++) {
        const weight = horizontal.weights[x * hTaps + t] ?? 0;
        if (weight === 0) continue;
        const i = sourceRow + (k0 + t) * 3;
        r += (data[i] ?? 0) * weight;
        g += (data[i + 1] ?? 0) * weight;
        b += (data[i + 2] ?? 0) * weight;
      }
      const o = rowOut + x * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }
  // Uint8ClampedArray rounds and clamps on assignment.
  const out = new Uint8ClampedArray(outWidth * outHeight * 3);
  const vTaps = vertical.taps;
  const rowLength = outWidth * 3;
  const sum = new Float32Array(rowLength);
  for (let y = 0; y < outHeight; y++) {
    sum.fill(0);
    const k0 = (vertical.first[y] ?? 0) - region.top;
    for (let t = 0; t < vTaps; t++) {
      const weight = vertical.weights[y * vTaps + t] ?? 0;
      if (weight === 0) continue;
      const rowStart = (k0 + t) * rowLength;
      for (let i = 0; i < rowLength; i++) sum[i] = (sum[i] ?? 0) + (rows[rowStart + i] ?? 0) * weight;
    }
    out.set(sum, y * rowLength);
  }
  return new Uint8Array(out.buffer);
}

/**
 * Whole-number shrink factors (256 -> 64, 256 -> 128: the usual case) by summing blocks in integers:
 * the same area average as the general path, several times faster, which matters on the import's
 * hot path (it runs on the event loop while libvips decodes the next images).
 */
export function boxShrink(source: RgbImage, region: Region, factorX: number, factorY: number): Uint8Array {
  const { data, width } = source;
  const outWidth = region.width / factorX;
  const outHeight = region.height / factorY;
  const area = factorX * factorY;
  const half = area >> 1;
  const sums = new Uint32Array(outWidth * 3);
  const out = new Uint8Array(outWidth * outHeight * 3);
  for (let y = 0; y < outHeight; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factorY; dy++) {
      let i = ((region.top + y * factorY + dy) * width + region.left) * 3;
      for (let x = 0, o = 0; x < outWidth; x++, o += 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let dx = 0; dx < factorX; dx++, i += 3) {
          r += data[i] as number;
          g += data[i + 1] as number;
          b += data[i + 2] as number;
        }
        sums[o] = (sums[o] as number) + r;
        sums[o + 1] = (sums[o + 1] as number) + g;
        sums[o + 2] = (sums[o + 2] as number) + b;
      }
    }
    const row = y * outWidth * 3;
    for (let k = 0; k < sums.length; k++) out[row + k] = (((sums[k] as number) + half) / area) | 0;
  }
  return out;
}
