import type { FitMode } from '../contract/index.js';
import { fitToSquare, luma32, meanColor, parseHexColor, type Rgb } from './fit-image.js';
import { perceptualHash } from './perceptual-hash.js';
import type { RgbImage } from './resample.js';
import { thumbnailPixels, thumbnailSize } from './thumbnails.js';

export interface ProductSettings {
  resolution: number;
  fit: FitMode;
  background: string;
}

export interface ImageProducts {
  /** resolution x resolution x 3 RGB, fitted as the dataset says. */
  training: Uint8Array;
  /** Mean colour of the training image. */
  mean: Rgb;
  /** The whole image inside 128 px, still to be encoded. */
  thumbnail: RgbImage;
  /** 64-bit perceptual hash of the whole image, 16 hex digits. */
  phash: string;
}

/**
 * Everything a dataset keeps of one image, derived from a single decode: the training pixels, the
 * thumbnail and the hashes. The thumbnail is made first and the hash taken from it (a 32 px hash
 * needs no more detail), which keeps the work per image small.
 */
export function imageProducts(pixels: RgbImage, settings: ProductSettings): ImageProducts {
  const training = fitToSquare(pixels, settings.resolution, settings.fit, parseHexColor(settings.background));
  const thumbnail = thumbnailPixels(pixels);
  return { training, mean: meanColor(training), thumbnail, phash: perceptualHash(luma32(thumbnail)) };
}

/** The smallest short side a decode must keep for the training image and the thumbnail. */
export function workingSize(resolution: number): number {
  return Math.max(thumbnailSize, resolution);
}
