import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeAnimatedImage, frameDelays, type Frames } from './animated-image.js';
import { encodeMp4, evenSize } from './mp4-encoder.js';
import { inspectMp4, inspectWebm, webpOfVp8Frame } from './test-support/media-inspect.js';
import { encodeWebm } from './webm-encoder.js';

/** Frames that differ visibly: a bright square walking across a dark ground. */
function walkingSquare(size: number, count: number, fps = 12): Frames {
  const frames = Array.from({ length: count }, (_, f) => {
    const pixels = new Uint8Array(size * size * 3).fill(30);
    const left = Math.floor((f / count) * (size - 8));
    for (let y = 4; y < 12; y++)
      for (let x = left; x < left + 8; x++) pixels.set([240, 200, 40], (y * size + x) * 3);
    return pixels;
  });
  return { width: size, height: size, fps, frames, repeat: true };
}

/** Mean absolute difference of two RGB images. */
function difference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe('frame delays', () => {
  it('add up to the animation’s length in the format’s time unit', () => {
    expect(frameDelays(72, 24, 10).reduce((a, b) => a + b, 0)).toBe(3000);
    expect(new Set(frameDelays(72, 24, 10))).toEqual(new Set([40, 50]));
    expect(frameDelays(3, 10, 1)).toEqual([100, 100, 100]);
    expect(frameDelays(2, 60, 10)).toEqual([20, 20]);
  });
});

describe('animation encoders, decoded back', () => {
  it('GIF: every frame, the size, the frame time and the loop', async () => {
    const animation = walkingSquare(40, 9);
    const gif = await encodeAnimatedImage(animation, 'gif');
    const meta = await sharp(gif, { pages: -1 }).metadata();
    expect(meta.format).toBe('gif');
    expect([meta.pages, meta.width, meta.pageHeight]).toEqual([9, 40, 40]);
    // 12 fps in hundredths of a second: 80 and 90 ms, adding up to the full 750 ms.
    expect(meta.delay).toEqual(frameDelays(9, 12, 10));
    expect(meta.delay?.reduce((a, b) => a + b, 0)).toBe(750);
    expect(meta.loop).toBe(0);
    const third = await sharp(gif, { page: 2 }).removeAlpha().raw().toBuffer();
    expect(difference(third, animation.frames[2] ?? new Uint8Array())).toBeLessThan(4);
    const once = await encodeAnimatedImage({ ...animation, repeat: false }, 'gif');
    expect((await sharp(once).metadata()).loop).toBe(1);
  });

  it('animated WebP: every frame and the size', async () => {
    const animation = walkingSquare(48, 7, 10);
    const webp = await encodeAnimatedImage(animation, 'webp');
    const meta = await sharp(webp, { pages: -1 }).metadata();
    expect([meta.format, meta.pages, meta.width, meta.pageHeight]).toEqual(['webp', 7, 48, 48]);
    expect(meta.delay).toEqual(Array(7).fill(100));
    const last = await sharp(webp, { page: 6 }).removeAlpha().raw().toBuffer();
    expect(difference(last, animation.frames[6] ?? new Uint8Array())).toBeLessThan(6);
  });

  it('MP4: H.264 with every frame, the size and the duration', async () => {
    const listeners = ['uncaughtException', 'unhandledRejection'].map((e) =>
      process.listeners(e as 'uncaughtException'),
    );
    const animation = walkingSquare(64, 36, 12);
    const done: number[] = [];
    const mp4 = await encodeMp4(animation, (n) => void done.push(n));
    const facts = inspectMp4(mp4);
    expect(facts.codec).toBe('avc1');
    expect([facts.width, facts.height, facts.frames]).toEqual([64, 64, 36]);
    expect(facts.seconds).toBeCloseTo(3, 1);
    expect(done.at(-1)).toBe(36);
    // Odd sizes are padded to even, as 4:2:0 chroma needs.
    expect(inspectMp4(await encodeMp4(walkingSquare(33, 3))).width).toBe(evenSize(33));
    // Frames need not be square (the training time-machine's grids are not always).
    const wide = { ...walkingSquare(40, 2), width: 80, height: 20 };
    wide.frames = wide.frames.map(() => new Uint8Array(80 * 20 * 3).fill(90));
    expect(inspectMp4(await encodeMp4(wide))).toMatchObject({ width: 80, height: 20, frames: 2 });
    // Loading the encoder left the process's own error handling as it was.
    expect(
      ['uncaughtException', 'unhandledRejection'].map((e) => process.listeners(e as 'uncaughtException')),
    ).toEqual(listeners);
  });

  it('WebM: VP8 key frames, every frame decodable, the size and the timing', async () => {
    const animation = walkingSquare(40, 10, 20);
    const facts = inspectWebm(await encodeWebm(animation));
    expect(facts.codec).toBe('V_VP8');
    expect([facts.width, facts.height, facts.frames.length]).toEqual([40, 40, 10]);
    expect(facts.frames.map((f) => f.ms)).toEqual(Array.from({ length: 10 }, (_, i) => i * 50));
    for (const [i, frame] of facts.frames.entries()) {
      const { data, info } = await sharp(webpOfVp8Frame(frame.data))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([40, 40]);
      expect(difference(data, animation.frames[i] ?? new Uint8Array())).toBeLessThan(6);
    }
  });
});
