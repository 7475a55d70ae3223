import { createRequire } from 'node:module';
import type { H264MP4Encoder } from 'h264-mp4-encoder';
import { withoutAddedProcessListeners } from '../platform/emscripten-process-listeners.js';
import type { Frames } from './animated-image.js';

type CreateEncoder = () => Promise<H264MP4Encoder>;

let loading: Promise<CreateEncoder> | undefined;

/**
 * h264-mp4-encoder: minih264 (H.264 baseline) and minimp4 compiled to WebAssembly, so MP4 needs no
 * system ffmpeg. Its Emscripten glue adds process-wide 'uncaughtException' and 'unhandledRejection'
 * listeners that rethrow or abort; they are removed again, so loading it changes nothing else.
 */
function encoderFactory(): Promise<CreateEncoder> {
  loading ??= withoutAddedProcessListeners(() => {
    const module = createRequire(import.meta.url)('h264-mp4-encoder') as {
      createH264MP4Encoder: CreateEncoder;
    };
    return module.createH264MP4Encoder;
  });
  return loading;
}

/** H.264 needs even dimensions (4:2:0 chroma); odd sizes are padded by one pixel by repeating the edge. */
export function evenSize(size: number): number {
  return size % 2 === 0 ? size : size + 1;
}

function rgba(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const [outWidth, outHeight] = [evenSize(width), evenSize(height)];
  const result = new Uint8Array(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const from = (Math.min(y, height - 1) * width + Math.min(x, width - 1)) * 3;
      const to = (y * outWidth + x) * 4;
      result[to] = pixels[from] ?? 0;
      result[to + 1] = pixels[from + 1] ?? 0;
      result[to + 2] = pixels[from + 2] ?? 0;
      result[to + 3] = 255;
    }
  }
  return result;
}

/** An MP4 (H.264, yuv420p) of the frames, quality set by the quantiser (lower is better; 18 is near lossless). */
export async function encodeMp4(
  animation: Frames,
  onFrame: (done: number) => Promise<void> | void = () => undefined,
): Promise<Uint8Array> {
  const create = await encoderFactory();
  const encoder = await create();
  encoder.width = evenSize(animation.width);
  encoder.height = evenSize(animation.height);
  encoder.frameRate = animation.fps;
  encoder.quantizationParameter = 18;
  encoder.groupOfPictures = Math.max(1, Math.round(animation.fps));
  encoder.outputFilename = `ganvas-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.mp4`;
  encoder.initialize();
  try {
    for (const [i, frame] of animation.frames.entries()) {
      encoder.addFrameRgba(rgba(frame, animation.width, animation.height));
      await onFrame(i + 1);
    }
    encoder.finalize();
    const bytes = encoder.FS.readFile(encoder.outputFilename);
    encoder.FS.unlink(encoder.outputFilename);
    return Uint8Array.from(bytes);
  } finally {
    encoder.delete();
  }
}
