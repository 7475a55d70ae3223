import sharp from 'sharp';
import type { ResizeKernel } from '../contract/index.js';

/**
 * A square RGB image scaled to `to` pixels on a side: nearest neighbour keeps hard pixel edges (pixel
 * art), Lanczos (a = 3, libvips's lanczos3) is the smooth one. The same size is returned as it is.
 */
export async function resizeRgb(
  pixels: Uint8Array,
  from: number,
  to: number,
  kernel: ResizeKernel,
): Promise<Uint8Array> {
  if (from === to) return pixels;
  const out = await sharp(pixels, { raw: { width: from, height: from, channels: 3 } })
    .resize(to, to, { kernel: kernel === 'nearest' ? 'nearest' : 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export async function rgbPng(pixels: Uint8Array, size: number): Promise<Uint8Array> {
  const png = await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
