import sharp from 'sharp';

/** How many samples a run's grid shows: 8×8 up to 64 px, 6×6 at 128 px (so a grid stays under 1000 px). */
export function gridShape(size: number): { columns: number; count: number } {
  const columns = size <= 64 ? 8 : 6;
  return { columns, count: columns * columns };
}

/** [-1, 1] floats (tanh's range) to RGB bytes. */
export function toBytes(values: Float32Array | Int32Array | Uint8Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    out[i] = Math.round(Math.min(1, Math.max(-1, values[i] ?? 0)) * 127.5 + 127.5);
  return out;
}

const gap = 2;

/** Lays `count` square RGB images out in rows of `columns`, 2 px apart on a dark ground, as PNG. */
export async function gridPng(
  images: Uint8Array,
  count: number,
  size: number,
  columns: number,
): Promise<Buffer> {
  const rows = Math.ceil(count / columns);
  const width = columns * size + (columns + 1) * gap;
  const height = rows * size + (rows + 1) * gap;
  const canvas = new Uint8Array(width * height * 3).fill(24);
  for (let n = 0; n < count; n++) {
    const left = gap + (n % columns) * (size + gap);
    const top = gap + Math.floor(n / columns) * (size + gap);
    for (let y = 0; y < size; y++) {
      const from = (n * size * size + y * size) * 3;
      canvas.set(images.subarray(from, from + size * 3), ((top + y) * width + left) * 3);
    }
  }
  return sharp(canvas, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** One image as PNG. */
export function imagePng(pixels: Uint8Array, size: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}
