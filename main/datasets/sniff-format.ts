export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'avif' | 'bmp';

/** What a file is, by its first bytes (never by its name: a .jpg may be a text file). */
export type SniffedFormat =
  { kind: 'image'; format: ImageFormat } | { kind: 'unsupported'; format: string } | { kind: 'unknown' };

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && ascii(bytes, 1, 3) === 'PNG') return { kind: 'image', format: 'png' };
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return { kind: 'image', format: 'jpeg' };
  if (ascii(bytes, 0, 4) === 'GIF8') return { kind: 'image', format: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return { kind: 'image', format: 'webp' };
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*')
    return { kind: 'image', format: 'tiff' };
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 18) return { kind: 'image', format: 'bmp' };
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (brand === 'avif' || brand === 'avis') return { kind: 'image', format: 'avif' };
    if (/^(heic|heix|heim|heis|hevc|hevx|mif1|msf1)$/.test(brand))
      return { kind: 'unsupported', format: 'HEIC' };
  }
  if (ascii(bytes, 0, 4) === '8BPS') return { kind: 'unsupported', format: 'Photoshop (PSD)' };
  if (ascii(bytes, 0, 4) === '\0\0\x01\0') return { kind: 'unsupported', format: 'ICO' };
  if ((b(0) === 0xff && b(1) === 0x0a) || ascii(bytes, 4, 4) === 'JXL ') {
    return { kind: 'unsupported', format: 'JPEG XL' };
  }
  if (ascii(bytes, 0, 4) === '%PDF') return { kind: 'unsupported', format: 'PDF' };
  const head = ascii(bytes, 0, Math.min(bytes.length, 512))
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<') && head.includes('<svg')) {
    return { kind: 'unsupported', format: 'SVG' };
  }
  return { kind: 'unknown' };
}
