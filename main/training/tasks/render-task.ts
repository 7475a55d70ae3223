import sharp from 'sharp';
import { earlyFeatures, generateImages, GeneratorCache } from '../../latent/checkpoint-generator.js';
import { principalDirections } from '../../latent/principal-directions.js';
import { latentForSeed } from '../../latent/seed-latent.js';
import { toBytes } from '../gan/sample-grid.js';
import type { DirectionsTask, RenderTask } from '../trainer-protocol.js';
import type { TaskContext } from './task-context.js';

/** One per process: the explorer asks the same checkpoint again and again. */
const generators = new GeneratorCache();

export interface RenderResult {
  step: number;
  size: number;
  /** PNG files, base64. */
  images: string[];
}

/** Draws the latents' images with one checkpoint's generator and encodes them as PNG. */
export async function renderLatents(task: RenderTask, context: TaskContext): Promise<RenderResult> {
  const generator = await generators.get(task.projectRoot, task.runId, task.step, task.useEma);
  context.signal.throwIfAborted();
  const images = generateImages(generator, task.latents);
  const bytes = toBytes(await images.data<'float32'>().finally(() => images.dispose()));
  const pixels = generator.size * generator.size * 3;
  const encoded = await Promise.all(
    task.latents.map((_, i) =>
      sharp(bytes.subarray(i * pixels, (i + 1) * pixels), {
        raw: { width: generator.size, height: generator.size, channels: 3 },
      })
        .png({ compressionLevel: 1 })
        .toBuffer(),
    ),
  );
  return { step: generator.step, size: generator.size, images: encoded.map((png) => png.toString('base64')) };
}

export interface DirectionsResult {
  step: number;
  directions: number[][];
  variances: number[];
}

/** GANSpace directions of the checkpoint's generator (see principal-directions.ts). */
export async function findDirections(task: DirectionsTask, context: TaskContext): Promise<DirectionsResult> {
  const generator = await generators.get(task.projectRoot, task.runId, task.step, task.useEma);
  const latents = Array.from({ length: task.samples }, (_, i) =>
    latentForSeed(1_000_000 + i, generator.latentDim),
  );
  context.emit({ type: 'progress', progress: { fraction: null, message: 'Finding directions' } });
  await context.yieldToEventLoop();
  const found = principalDirections(latents, earlyFeatures(generator, latents), task.count);
  return {
    step: generator.step,
    directions: found.directions.map((direction) => Array.from(direction)),
    variances: found.variances,
  };
}
