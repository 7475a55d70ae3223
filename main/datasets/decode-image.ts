import sharp, { type Sharp } from 'sharp';
import type { RejectedFile } from '../contract/index.js';
import { UnsupportedBmp, decodeBmp } from './bmp-decoder.js';
import type { RgbImage } from './resample.js';
import { headerSize } from './image-header.js';
import { sniffFormat, type ImageFormat } from './sniff-format.js';

export interface DecodeOptions {
  /** Shorter sides below this are rejected as too small. */
  minShortSide: number;
  /** The training resolution, named in the too-small reason. */
  trainingSize: number;
  /**
   * The smallest short side the caller needs; large images are shrunk while decoding (JPEG's DCT
   * scaling) down to about this, since decoding them whole would cost far more than everything else.
   */
  workingSize: number;
  /** #rrggbb that transparent pixels are composited on. */
  background: string;
}

export interface DecodedImage {
  ok: true;
  format: ImageFormat;
  /** Original size, after EXIF orientation. */
  width: number;
  height: number;
  /** Upright, opaque, 8-bit sRGB pixels; the original size or shrunk to a short side near workingSize. */
  pixels: RgbImage;
}

export type Rejection = { ok: false; kind: RejectedFile['kind']; reason: string };

/** sharp's own guard against decompression bombs (about 16384 x 16384). */
const maxPixels = 268_402_689;

/**
 * Decodes one file, recognised by its content (never its name), or says in plain words why it
 * cannot: EXIF orientation applied, alpha composited on the background, gray, CMYK and 16-bit made
 * 8-bit RGB, the first frame of an animation. Never throws for a bad file.
 */
export async function decodeImage(
  bytes: Uint8Array,
  options: DecodeOptions,
): Promise<DecodedImage | Rejection> {
  if (bytes.length === 0) return { ok: false, kind: 'empty', reason: 'empty file (0 bytes)' };
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'unknown') return { ok: false, kind: 'not-an-image', reason: 'not an image file' };
  if (sniffed.kind === 'unsupported') {
    return {
      ok: false,
      kind: 'unsupported',
      reason: `${sniffed.format} is not supported; save it as PNG or JPEG first`,
    };
  }
  const format = sniffed.format;
  try {
    if (format === 'bmp') {
      const pixels = decodeBmp(bytes);
      return (
        checkSize(format, pixels.width, pixels.height, options) ?? {
          ok: true,
          format,
          ...size(pixels),
          pixels,
        }
      );
    }
    // failOn 'truncated': a cut-off file is rejected rather than trained on with a grey tail.
    const source = sharp(bytes, { failOn: 'truncated', limitInputPixels: false });
    // The stored size from the header where it is simple to read (one libvips call fewer), else from sharp.
    const stored = headerSize(bytes, format) ?? (await storedSize(source));
    if (stored.width * stored.height > maxPixels) {
      return {
        ok: false,
        kind: 'unsupported',
        reason: `too large to import (${stored.width}×${stored.height} px; the limit is about 16000×16000)`,
      };
    }
    // The short side does not depend on orientation, so this holds before rotating.
    const tooSmall = checkSize(format, stored.width, stored.height, options);
    if (tooSmall) return tooSmall;
    // Small images decode faster whole (a resize pipeline costs more than it saves below ~3x).
    const shrink = Math.min(stored.width, stored.height) >= 3 * options.workingSize;
    let pipeline = source.rotate(); // EXIF orientation, if any
    if (shrink) pipeline = pipeline.resize(options.workingSize, options.workingSize, { fit: 'outside' });
    // Both are no-ops for opaque 8-bit sRGB; otherwise alpha goes onto the background and gray, CMYK
    // and 16-bit become 8-bit sRGB.
    pipeline = pipeline.flatten({ background: options.background }).toColourspace('srgb');
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const pixels = { data: toRgb(data, info.channels), width: info.width, height: info.height };
    // The original's upright size: rotated by a quarter turn when the output's orientation differs.
    const turned = info.width !== info.height && info.width > info.height !== stored.width > stored.height;
    const [width, height] = turned ? [stored.height, stored.width] : [stored.width, stored.height];
    return { ok: true, format, width, height, pixels };
  } catch (error) {
    if (error instanceof UnsupportedBmp) {
      return {
        ok: false,
        kind: 'unsupported',
        reason: `${error.message} is not supported; save it as PNG first`,
      };
    }
    const message = ((error as Error).message.split('\n')[0] ?? '').trim() || 'unknown error';
    return {
      ok: false,
      kind: 'corrupt',
      reason: `truncated or corrupt ${format.toUpperCase()} (${message})`,
    };
  }
}

async function storedSize(source: Sharp): Promise<{ width: number; height: number }> {
  const meta = await source.metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

function size(image: RgbImage) {
  return { width: image.width, height: image.height };
}

function checkSize(
  format: ImageFormat,
  width: number,
  height: number,
  options: DecodeOptions,
): Rejection | null {
  if (width <= 0 || height <= 0) {
    return { ok: false, kind: 'corrupt', reason: `truncated or corrupt ${format.toUpperCase()} (no size)` };
  }
  if (Math.min(width, height) >= options.minShortSide) return null;
  return {
    ok: false,
    kind: 'too-small',
    reason: `too small (${width}×${height} px; at least ${options.minShortSide} px on the short side for ${options.trainingSize} px training)`,
  };
}

/** Whatever channel count libvips hands back (gray, gray+alpha, RGBA), as packed RGB. */
function toRgb(data: Buffer, channels: number): Uint8Array {
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (channels === 3) return rgb;
  const count = data.length / channels;
  const out = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    const at = i * channels;
    if (channels < 3) out.fill(rgb[at] ?? 0, i * 3, i * 3 + 3);
    else out.set(rgb.subarray(at, at + 3), i * 3);
  }
  return out;
}
