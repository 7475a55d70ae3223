import { join } from 'node:path';
import type { AnimationFormat } from '../contract/index.js';

const extensions: Record<Exclude<AnimationFormat, 'png-frames'>, string> = {
  gif: '.gif',
  webp: '.webp',
  mp4: '.mp4',
  webm: '.webm',
};

/** The file (or, for PNG frames, folder) each format of an animation goes to, from one stem. */
export function animationTargets(
  stem: string,
  formats: readonly AnimationFormat[],
): Map<AnimationFormat, string> {
  return new Map(
    formats.map((format) => [
      format,
      format === 'png-frames' ? `${stem}-frames` : `${stem}${extensions[format]}`,
    ]),
  );
}

/** Name of the i-th of `count` files in a folder of images: zero-padded so they sort. */
export function numberedName(i: number, count: number, label = ''): string {
  const width = Math.max(4, String(count).length);
  const safe = label
    .replace(/[^A-Za-z0-9 _.-]+/g, '')
    .trim()
    .slice(0, 60);
  return `${String(i + 1).padStart(width, '0')}${safe ? ` ${safe}` : ''}.png`;
}

/** A path without a known image or video extension (animations add their own). */
export function stemOf(path: string): string {
  return path.replace(/\.(gif|webp|mp4|webm|png)$/i, '');
}

export function framePath(folder: string, i: number, count: number): string {
  return join(folder, numberedName(i, count));
}
