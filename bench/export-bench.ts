import { performance } from 'node:perf_hooks';
import { encodeAnimatedImage, type Frames } from '../main/export/animated-image.js';
import { encodeMp4 } from '../main/export/mp4-encoder.js';
import { resizeRgb } from '../main/export/resize-image.js';
import { encodeWebm } from '../main/export/webm-encoder.js';
import { paintSample } from '../main/projects/sample/paint-sample.js';

export interface ExportFigure {
  label: string;
  seconds: number;
  bytes: number;
}

/** A loop that changes smoothly, as an interpolation does: each frame a blend of two paintings. */
function loopFrames(size: number, count: number): Uint8Array[] {
  const a = paintSample('shapes', size, 1);
  const b = paintSample('shapes', size, 2);
  return Array.from({ length: count }, (_, f) => {
    const t = 0.5 - 0.5 * Math.cos((2 * Math.PI * f) / count);
    return Uint8Array.from(a, (value, i) => Math.round(value * (1 - t) + (b[i] ?? 0) * t));
  });
}

/**
 * Export encoders on the "3-second loop" (72 frames at 24 fps): seconds to encode each
 * format at 256 and 512 px, and the file size; plus one 64 → 1024 px Lanczos upscale.
 */
export async function benchExport(): Promise<ExportFigure[]> {
  const figures: ExportFigure[] = [];
  const time = async (label: string, work: () => Promise<Uint8Array | Buffer>) => {
    const start = performance.now();
    const bytes = (await work()).length;
    figures.push({ label, seconds: (performance.now() - start) / 1000, bytes });
  };
  for (const size of [256, 512]) {
    const animation: Frames = {
      width: size,
      height: size,
      fps: 24,
      frames: loopFrames(size, 72),
      repeat: true,
    };
    await time(`GIF ${size} px`, () => encodeAnimatedImage(animation, 'gif'));
    await time(`WebP ${size} px`, () => encodeAnimatedImage(animation, 'webp'));
    await time(`MP4 ${size} px`, () => encodeMp4(animation));
    await time(`WebM ${size} px`, () => encodeWebm(animation));
  }
  const small = paintSample('shapes', 64, 3);
  await time('PNG upscale 64 → 1024 px (Lanczos)', () => resizeRgb(small, 64, 1024, 'lanczos'));
  return figures;
}
