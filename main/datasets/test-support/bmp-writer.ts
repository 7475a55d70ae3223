/** Writes BMP files by hand for the decoder's tests (no library writes them). */
export interface BmpSpec {
  width: number;
  height: number;
  bits: 8 | 24 | 32;
  topDown?: boolean;
  /** 32-bit only: BI_BITFIELDS with these masks (red, green, blue). */
  masks?: [number, number, number];
  compression?: number;
  /** RGB of pixel (x, y), y counted from the top. */
  pixel: (x: number, y: number) => [number, number, number];
}

export function writeBmp(spec: BmpSpec): Uint8Array {
  const { width, height, bits } = spec;
  const headerSize = 40;
  const masksBytes = spec.masks ? 12 : 0;
  // 8-bit: a palette of the distinct colours, in order of first use.
  const palette: Array<[number, number, number]> = [];
  const indexOf = new Map<string, number>();
  if (bits === 8) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const colour = spec.pixel(x, y);
        const key = colour.join(',');
        if (!indexOf.has(key)) {
          indexOf.set(key, palette.length);
          palette.push(colour);
        }
      }
    }
  }
  const paletteBytes = palette.length * 4;
  const rowBytes = Math.ceil((width * bits) / 32) * 4;
  const dataOffset = 14 + headerSize + masksBytes + paletteBytes;
  const bytes = new Uint8Array(dataOffset + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, dataOffset, true);
  view.setUint32(14, headerSize, true);
  view.setInt32(18, width, true);
  view.setInt32(22, spec.topDown ? -height : height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bits, true);
  view.setUint32(30, spec.compression ?? (spec.masks ? 3 : 0), true);
  view.setUint32(46, palette.length, true);
  if (spec.masks) spec.masks.forEach((mask, i) => view.setUint32(54 + i * 4, mask, true));
  palette.forEach(([r, g, b], i) => bytes.set([b, g, r, 0], 14 + headerSize + masksBytes + i * 4));
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (spec.topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = spec.pixel(x, y);
      if (bits === 8) bytes[row + x] = indexOf.get([r, g, b].join(',')) ?? 0;
      else if (spec.masks) {
        const [rm, gm, bm] = spec.masks;
        const place = (value: number, mask: number) => {
          let shift = 0;
          while (((mask >>> shift) & 1) === 0) shift++;
          return (Math.round((value * (mask >>> shift)) / 255) << shift) >>> 0;
        };
        view.setUint32(row + x * 4, (place(r, rm) | place(g, gm) | place(b, bm)) >>> 0, true);
      } else bytes.set([b, g, r], row + x * (bits / 8));
    }
  }
  return bytes;
}
