import type { FitMode } from '../contract/index.js';
import { resampleRegion, type RgbImage } from './resample.js';

export type Rgb = [number, number, number];

export function parseHexColor(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * The square training image: 'crop' takes the centre square (cover), 'pad' fits the whole image
 * inside and fills the rest with the background (contain), 'stretch' squashes it to the square (fill).
 */
export function fitToSquare(image: RgbImage, size: number, fit: FitMode, background: Rgb): Uint8Array {
  const { width, height } = image;
  if (fit === 'stretch') return resampleRegion(image, { left: 0, top: 0, width, height }, size, size);
  if (fit === 'crop') {
    const side = Math.min(width, height);
    const region = { left: (width - side) >> 1, top: (height - side) >> 1, width: side, height: side };
    return resampleRegion(image, region, size, size);
  }
  const scale = size / Math.max(width, height);
  const innerWidth = Math.max(1, Math.min(size, Math.round(width * scale)));
  const innerHeight = Math.max(1, Math.min(size, Math.round(height * scale)));
  const inner = resampleRegion(image, { left: 0, top: 0, width, height }, innerWidth, innerHeight);
  const out = new Uint8Array(size * size * 3);
  for (let i = 0; i < out.length; i += 3) out.set(background, i);
  const left = (size - innerWidth) >> 1;
  const top = (size - innerHeight) >> 1;
  for (let y = 0; y < innerHeight; y++) {
    const row = inner.subarray(y * innerWidth * 3, (y + 1) * innerWidth * 3);
    out.set(row, ((top + y) * size + left) * 3);
  }
  return out;
}

/** The whole image inside a box of `limit` px, never enlarged (the grid's thumbnail). */
export function fitInside(image: RgbImage, limit: number): RgbImage {
  const { width, height } = image;
  const scale = Math.min(1, limit / Math.max(width, height));
  if (scale === 1) return image;
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  return {
    data: resampleRegion(image, { left: 0, top: 0, width, height }, outWidth, outHeight),
    width: outWidth,
    height: outHeight,
  };
}

/** 32x32 luma (Rec. 601) of the whole image, squashed square: the perceptual hash's input. */
export function luma32(image: RgbImage): Uint8Array {
  const { width, height } = image;
  const rgb = resampleRegion(image, { left: 0, top: 0, width, height }, 32, 32);
  const out = new Uint8Array(32 * 32);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(
      0.299 * (rgb[i * 3] ?? 0) + 0.587 * (rgb[i * 3 + 1] ?? 0) + 0.114 * (rgb[i * 3 + 2] ?? 0),
    );
  }
  return out;
}

export function meanColor(rgb: Uint8Array): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < rgb.length; i += 3) {
    r += rgb[i] ?? 0;
    g += rgb[i + 1] ?? 0;
    b += rgb[i + 2] ?? 0;
  }
  const count = Math.max(1, rgb.length / 3);
  return [Math.round(r / count), Math.round(g / count), Math.round(b / count)];
}
