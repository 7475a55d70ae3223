import sharp, { type Sharp } from 'sharp';
import type { FitMode, RejectedFile } from '../contract/index.js';
import { centreCropAreaDownsample } from './area-downsample.js';
import { decodeBmp } from './bmp-decoder.js';
import { sniffFormat } from './sniff-format.js';

export interface DecodeSettings {
  resolution: number;
  fit: FitMode;
  /** #rrggbb: where alpha goes, and the padding for 'pad'. */
  background: string;
}

export interface DecodedImage {
  ok: true;
  format: string;
  /** Original size, after EXIF orientation. */
  width: number;
  height: number;
  /** RGB at training resolution, resolution x resolution x 3. */
  training: Uint8Array;
  /** 128 px JPEG for the grid (JPEG: several times faster to encode than WebP at this size). */
  thumbnail: Buffer;
  /** 32x32 grayscale, for the perceptual hash. */
  gray32: Uint8Array;
}

export type Rejection = { ok: false; kind: RejectedFile['kind']; reason: string };

// The thumbnail's size; the working copy every derived image comes from is at least this large.
const thumbnailSize = 128;
const fitToSharp = { crop: 'cover', pad: 'contain', stretch: 'fill' } as const;

/** 32x32 luma by box-averaging the training image (its resolution is a multiple of 32). */
export function grayscale32(rgb: Uint8Array, size: number): Uint8Array {
  const factor = size / 32;
  const out = new Uint8Array(32 * 32);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) {
          const i = ((y * factor + dy) * size + x * factor + dx) * 3;
          sum += 0.299 * (rgb[i] ?? 0) + 0.587 * (rgb[i + 1] ?? 0) + 0.114 * (rgb[i + 2] ?? 0);
        }
      }
      out[y * 32 + x] = Math.round(sum / (factor * factor));
    }
  }
  return out;
}

/**
 * Decodes one file into everything a dataset keeps of it, or says in plain words why it cannot:
 * sniffed by content, EXIF orientation applied, alpha composited on the background, gray made RGB.
 */
export async function decodeImage(
  bytes: Uint8Array,
  settings: DecodeSettings,
): Promise<DecodedImage | Rejection> {
  if (bytes.length === 0) return { ok: false, kind: 'empty', reason: 'empty file (0 bytes)' };
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'unknown') return { ok: false, kind: 'not-an-image', reason: 'not an image file' };
  if (sniffed.kind === 'unsupported') {
    return {
      ok: false,
      kind: 'unsupported',
      reason: `${sniffed.format} is not supported; export it as PNG or JPEG first`,
    };
  }
  try {
    let source: Sharp;
    if (sniffed.format === 'bmp') {
      const bmp = decodeBmp(bytes);
      source = sharp(bmp.rgb, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
    } else {
      // failOn 'truncated': a cut-off file is rejected rather than trained on with a grey tail.
      source = sharp(bytes, { failOn: 'truncated', pages: 1 });
    }
    const meta = await source.metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const width = (rotated ? meta.height : meta.width) ?? 0;
    const height = (rotated ? meta.width : meta.height) ?? 0;
    const minimum = Math.ceil(settings.resolution / 2);
    if (Math.min(width, height) < minimum) {
      return {
        ok: false,
        kind: 'too-small',
        reason: `too small (${width}×${height} px; at least ${minimum} px on the short side for ${settings.resolution} px training)`,
      };
    }
    // One decode, shrunk while decoding (JPEG's DCT scaling) to just what the outputs need: the short
    // side no smaller than the training resolution or the thumbnail.
    const working = Math.max(thumbnailSize, settings.resolution);
    const { data, info } = await source
      .rotate()
      .resize(working, working, { fit: 'outside', withoutEnlargement: true })
      .flatten({ background: settings.background })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
    const cropped =
      settings.fit === 'crop'
        ? centreCropAreaDownsample(data, info.width, info.height, settings.resolution)
        : null;
    const [training, thumbnail] = await Promise.all([
      cropped ??
        sharp(data, raw)
          .resize(settings.resolution, settings.resolution, {
            fit: fitToSharp[settings.fit],
            position: 'centre',
            background: settings.background,
          })
          .removeAlpha()
          .raw()
          .toBuffer(),
      sharp(data, raw)
        .resize(thumbnailSize, thumbnailSize, { fit: 'inside' })
        .jpeg({ quality: 82 })
        .toBuffer(),
    ]);
    return {
      ok: true,
      format: sniffed.format,
      width,
      height,
      training,
      thumbnail,
      gray32: grayscale32(training, settings.resolution),
    };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'unknown error';
    return {
      ok: false,
      kind: 'corrupt',
      reason: `truncated or corrupt ${sniffed.format.toUpperCase()} (${message})`,
    };
  }
}
