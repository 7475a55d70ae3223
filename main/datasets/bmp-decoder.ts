/**
 * A small BMP decoder (sharp's bundled libvips has no BMP loader): uncompressed 24- and 32-bit, and
 * 8-bit paletted, bottom-up or top-down. Returns RGB pixels, or throws with a plain reason.
 */
export function decodeBmp(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54) throw new Error('truncated BMP header');
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0 || width > 30000 || height > 30000) throw new Error('implausible BMP size');
  // BI_RGB, or BI_BITFIELDS with the usual 32-bit BGRA layout.
  if (compression !== 0 && !(compression === 3 && bitsPerPixel === 32)) {
    throw new Error('compressed BMP (RLE) is not supported');
  }
  if (![8, 24, 32].includes(bitsPerPixel)) throw new Error(`${bitsPerPixel}-bit BMP is not supported`);
  const rowBytes = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (dataOffset + rowBytes * height > bytes.length) throw new Error('truncated BMP pixel data');

  let palette: Uint8Array | null = null;
  if (bitsPerPixel === 8) {
    const colours = view.getUint32(46, true) || 256;
    palette = bytes.subarray(14 + headerSize, 14 + headerSize + colours * 4);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3;
      let blue: number;
      let green: number;
      let red: number;
      if (palette) {
        const index = (bytes[row + x] ?? 0) * 4;
        [blue, green, red] = [palette[index] ?? 0, palette[index + 1] ?? 0, palette[index + 2] ?? 0];
      } else {
        const at = row + x * (bitsPerPixel / 8);
        [blue, green, red] = [bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0];
      }
      rgb[out] = red;
      rgb[out + 1] = green;
      rgb[out + 2] = blue;
    }
  }
  return { width, height, rgb };
}
