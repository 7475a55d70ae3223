import type { ImageFormat } from './sniff-format.js';

/**
 * The stored pixel size of a PNG, JPEG, GIF or WebP from its header, or null (other formats, or a
 * header this does not follow). Reading it here saves a libvips call per image on the import's hot
 * path; it is only used to decide how to decode, and sharp still validates the whole file.
 */
export function headerSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u8 = (at: number) => bytes[at] ?? 0;
  try {
    switch (format) {
      case 'png':
        return positive(view.getUint32(16), view.getUint32(20));
      case 'gif':
        return positive(view.getUint16(6, true), view.getUint16(8, true));
      case 'webp':
        return webpSize(bytes, view);
      case 'jpeg':
        return jpegSize(bytes, view, u8);
      default:
        return null;
    }
  } catch {
    return null; // a header cut short: sharp will say what is wrong
  }
}

function positive(width: number, height: number) {
  return width > 0 && height > 0 ? { width, height } : null;
}

function webpSize(bytes: Uint8Array, view: DataView) {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8 ') return positive(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const width = (view.getUint32(24, true) & 0xffffff) + 1;
    const height = (view.getUint32(27, true) & 0xffffff) + 1;
    return positive(width, height);
  }
  return null;
}

function jpegSize(bytes: Uint8Array, view: DataView, u8: (at: number) => number) {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (u8(at) !== 0xff) return null;
    const marker = u8(at + 1);
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return positive(view.getUint16(at + 7), view.getUint16(at + 5));
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}
