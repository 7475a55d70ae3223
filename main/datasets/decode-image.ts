import sharp, { type Sharp } from 'sharp';
import type { FitMode, RejectedFile } from '../contract/index.js';
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
  training: Buffer;
  /** 128 px WebP for the grid. */
  thumbnail: Buffer;
  /** 32x32 grayscale, for the perceptual hash. */
  gray32: Uint8Array;
}

export type Rejection = { ok: false; kind: RejectedFile['kind']; reason: string };

// Every derived image needs at most this much detail; larger originals are shrunk while decoding.
const workingSize = 512;
const fitToSharp = { crop: 'cover', pad: 'contain', stretch: 'fill' } as const;

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
    const { data, info } = await source
      .rotate()
      .resize(workingSize, workingSize, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: settings.background })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
    const [training, thumbnail, gray32] = await Promise.all([
      sharp(data, raw)
        .resize(settings.resolution, settings.resolution, {
          fit: fitToSharp[settings.fit],
          position: 'centre',
          background: settings.background,
        })
        .removeAlpha()
        .raw()
        .toBuffer(),
      sharp(data, raw).resize(128, 128, { fit: 'inside' }).webp({ quality: 80 }).toBuffer(),
      sharp(data, raw).resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer(),
    ]);
    return {
      ok: true,
      format: sniffed.format,
      width,
      height,
      training,
      thumbnail,
      gray32: new Uint8Array(gray32),
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
