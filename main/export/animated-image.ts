import sharp from 'sharp';

/** Frames of an animation: square RGB images, `size` pixels on a side, one after another. */
export interface Frames {
  size: number;
  fps: number;
  frames: readonly Uint8Array[];
  /** Loop forever (true) or play once. */
  repeat: boolean;
}

/**
 * An animated GIF or WebP, both written by sharp (libvips: cgif with libimagequant for GIF,
 * libwebp for WebP). GIF delays are in hundredths of a second, so the frame time is rounded to 10 ms.
 * Both merge identical consecutive frames into one shown for their summed time: same playback, smaller file.
 */
export async function encodeAnimatedImage(animation: Frames, format: 'gif' | 'webp'): Promise<Buffer> {
  const { size, frames } = animation;
  if (frames.length === 0) throw new Error('An animation needs at least one frame.');
  const pages = await Promise.all(
    frames.map((pixels) =>
      sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    ),
  );
  const frameMs = 1000 / animation.fps;
  const delay = frames.map(() =>
    format === 'gif' ? Math.max(20, Math.round(frameMs / 10) * 10) : Math.round(frameMs),
  );
  // loop 0 means forever in both formats; 1 plays once.
  const loop = animation.repeat ? 0 : 1;
  const joined = sharp(pages, { join: { animated: true } });
  return format === 'gif'
    ? joined.gif({ loop, delay, effort: 7, dither: 0.5 }).toBuffer()
    : joined.webp({ loop, delay, quality: 90, effort: 4 }).toBuffer();
}
