import sharp from 'sharp';

/** Frames of an animation: RGB images of one size, one after another. */
export interface Frames {
  width: number;
  height: number;
  fps: number;
  frames: readonly Uint8Array[];
  /** Loop forever (true) or play once. */
  repeat: boolean;
}

/**
 * An animated GIF or WebP, both written by sharp (libvips: cgif with libimagequant for GIF,
 * libwebp for WebP).
 * Both merge identical consecutive frames into one shown for their summed time: same playback, smaller file.
 */
export async function encodeAnimatedImage(animation: Frames, format: 'gif' | 'webp'): Promise<Buffer> {
  const { width, height, frames } = animation;
  if (frames.length === 0) throw new Error('An animation needs at least one frame.');
  const pages = await Promise.all(
    frames.map((pixels) =>
      sharp(pixels, { raw: { width, height, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    ),
  );
  const delay = frameDelays(frames.length, animation.fps, format === 'gif' ? 10 : 1);
  // loop 0 means forever in both formats; 1 plays once.
  const loop = animation.repeat ? 0 : 1;
  const joined = sharp(pages, { join: { animated: true } });
  return format === 'gif'
    ? joined.gif({ loop, delay, effort: 7, dither: 0.5 }).toBuffer()
    : joined.webp({ loop, delay, quality: 90, effort: 4 }).toBuffer();
}

/**
 * Each frame's delay in ms, in steps of `unit` (GIF counts hundredths of a second), chosen so the
 * frames start as close as can be to i / fps: at 24 fps a GIF alternates 40 and 50 ms and lasts the
 * full time, where one rounded delay for all (40 ms) would play 4% fast. At least 20 ms, since
 * browsers slow shorter GIF delays down to 100 ms.
 */
export function frameDelays(count: number, fps: number, unit: number): number[] {
  const at = (i: number) => Math.round((i * 1000) / fps / unit) * unit;
  return Array.from({ length: count }, (_, i) => Math.max(20, at(i + 1) - at(i)));
}
