/**
 * Centre-crops an RGB image to a square and shrinks it by an integer factor with an area (box)
 * average: exact for the 2x/4x reductions the training cache needs, free of ringing, and several
 * times cheaper than another libvips pipeline per image (the import's hot path).
 */
export function centreCropAreaDownsample(
  rgb: Uint8Array,
  width: number,
  height: number,
  size: number,
): Uint8Array | null {
  const side = Math.min(width, height);
  if (side % size !== 0) return null;
  const factor = side / size;
  const left = (width - side) >> 1;
  const top = (height - side) >> 1;
  const out = new Uint8Array(size * size * 3);
  const area = factor * factor;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((top + y * factor + dy) * width + left + x * factor) * 3;
        for (let dx = 0; dx < factor; dx++, i += 3) {
          r += rgb[i] ?? 0;
          g += rgb[i + 1] ?? 0;
          b += rgb[i + 2] ?? 0;
        }
      }
      const o = (y * size + x) * 3;
      out[o] = Math.round(r / area);
      out[o + 1] = Math.round(g / area);
      out[o + 2] = Math.round(b / area);
    }
  }
  return out;
}
