import type { RgbImage } from './resample.js';

/** A BMP variant this decoder does not read (as opposed to a damaged file). */
export class UnsupportedBmp extends Error {}

/**
 * A small BMP decoder, because sharp's bundled libvips has no BMP loader: uncompressed 24- and
 * 32-bit (BI_RGB, or BI_BITFIELDS masks), and 8-bit paletted; rows bottom-up or top-down. The alpha
 * byte of 32-bit files is ignored, as most writers leave it zero. Throws UnsupportedBmp for other
 * variants (RLE, 1/4/16-bit, OS/2 headers) and a plain Error for a damaged file.
 */
export function decodeBmp(bytes: Uint8Array): RgbImage {
  if (bytes.length < 26) throw new Error('the BMP header is cut off');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) throw new UnsupportedBmp('old OS/2 BMP');
  if (bytes.length < 14 + headerSize) throw new Error('the BMP header is cut off');
  const dataOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0 || width > 30_000 || height > 30_000) {
    throw new Error(`implausible BMP size ${width}×${height}`);
  }
  const bitfields = compression === 3 && bitsPerPixel === 32;
  if (compression !== 0 && !bitfields) throw new UnsupportedBmp('compressed (RLE) BMP');
  if (bitsPerPixel !== 8 && bitsPerPixel !== 24 && bitsPerPixel !== 32) {
    throw new UnsupportedBmp(`${bitsPerPixel}-bit BMP`);
  }
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (dataOffset + rowBytes * height > bytes.length) throw new Error('the BMP pixel data is cut off');

  const rgb = new Uint8Array(width * height * 3);
  const rowStart = (y: number) => dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
  if (bitsPerPixel === 8) {
    const colours = view.getUint32(46, true) || 256;
    const paletteStart = 14 + headerSize;
    if (colours > 256 || paletteStart + colours * 4 > dataOffset)
      throw new Error('the BMP palette is damaged');
    for (let y = 0; y < height; y++) {
      const row = rowStart(y);
      for (let x = 0; x < width; x++) {
        const index = bytes[row + x] ?? 0;
        const entry = paletteStart + index * 4;
        const out = (y * width + x) * 3;
        if (index >= colours) continue; // out of the palette: black
        rgb[out] = bytes[entry + 2] ?? 0;
        rgb[out + 1] = bytes[entry + 1] ?? 0;
        rgb[out + 2] = bytes[entry] ?? 0;
      }
    }
    return { data: rgb, width, height };
  }
  const step = bitsPerPixel / 8;
  const masks = bitfields
    ? [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)]
    : null;
  const channels = masks?.map(maskToChannel);
  for (let y = 0; y < height; y++) {
    const row = rowStart(y);
    for (let x = 0; x < width; x++) {
      const at = row + x * step;
      const out = (y * width + x) * 3;
      if (channels) {
        const pixel = view.getUint32(at, true);
        channels.forEach((channel, c) => (rgb[out + c] = channel(pixel)));
      } else {
        rgb[out] = bytes[at + 2] ?? 0;
        rgb[out + 1] = bytes[at + 1] ?? 0;
        rgb[out + 2] = bytes[at] ?? 0;
      }
    }
  }
  return { data: rgb, width, height };
}

/** Reads one channel through its BI_BITFIELDS mask, scaled to 0..255. */
function maskToChannel(mask: number): (pixel: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (pixel) => Math.round((((pixel & mask) >>> shift) * 255) / max);
}
