import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { freePath } from '../../fs/free-path.js';
import sharp from 'sharp';
import { decodeImage } from '../../datasets/decode-image.js';
import { walkSources } from '../../datasets/walk-sources.js';
import { createResnetGenerator } from '../../models/cyclegan.js';
import { readCheckpoint, readNewestCheckpoint } from '../gan/checkpoint-files.js';
import { cycleganConfig, cycleganParts, restoreWeights } from '../gan/cyclegan-trainer.js';
import { toBytes } from '../gan/sample-grid.js';
import { runFolder } from '../run-files.js';
import type { TranslateTask } from '../trainer-protocol.js';
import type { TaskContext } from './task-context.js';

export interface TranslatePreviewResult {
  step: number;
  width: number;
  height: number;
  /** Base64 PNGs: the image as it went in (fitted), and as it came out. */
  before: string;
  after: string;
}

export interface TranslateFolderResult {
  step: number;
  written: string[];
  /** Files that could not be translated, each with its reason; the others are written all the same. */
  failed: { path: string; reason: string }[];
}

/** The generator's two stride-2 convolutions and two stride-½ ones need sides divisible by 4. */
const sideMultiple = 4;
/** Files a preview tries before it gives up on finding an image among them. */
const previewTries = 20;
/** Smaller images are enlarged to this short side: below it the 7×7 reflections do not fit. */
const minSide = 32;

/**
 * The size an image of width × height is translated at: its longest side at most maxSide, each
 * side a multiple of 4 and at least 32 px, the aspect ratio kept as closely as that allows.
 */
export function translationSize(width: number, height: number, maxSide: number): [number, number] {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const fit = (side: number) => Math.max(minSide, Math.round((side * scale) / sideMultiple) * sideMultiple);
  return [fit(width), fit(height)];
}

/**
 * Applies one generator of a CycleGAN checkpoint (G: A → B or F: B → A, Zhu et al.) to images at
 * their own aspect ratio: the ResNet generator is fully convolutional, so it is not tied to the
 * training size. Originals are only read; results go to new files.
 */
export async function translateImages(
  task: TranslateTask,
  context: TaskContext,
): Promise<TranslatePreviewResult | TranslateFolderResult> {
  const { tf, emit, signal } = context;
  const runDir = runFolder(task.projectRoot, task.runId);
  const loaded =
    task.step === null
      ? await readNewestCheckpoint(runDir, (problem) =>
          emit({ type: 'warning', message: `${problem.message} Using the one before it.` }),
        )
      : await readCheckpoint(runDir, task.step);
  if (!loaded) throw new Error('This run has no checkpoint yet: train it for a while first.');
  const { settings, step } = loaded.manifest;
  let generator: tfjs.LayersModel | null = null;
  try {
    if (settings.model !== 'cyclegan') {
      throw new Error(
        'This run is a DCGAN: it makes new images but does not translate them. Pick a CycleGAN run.',
      );
    }
    const part = task.direction === 'AtoB' ? cycleganParts.generatorAB : cycleganParts.generatorBA;
    generator = createResnetGenerator(cycleganConfig(settings), part);
    const model = generator;
    restoreWeights(part, model, (name) => {
      const tensor = loaded.tensors.get(name);
      if (!tensor) throw new Error(`The checkpoint at step ${step} has no ${name}.`);
      return tensor;
    });
  } catch (error) {
    generator?.dispose();
    throw error;
  } finally {
    tf.dispose([...loaded.tensors.values()]);
  }

  const model = generator;
  try {
    const { files, problems } = await walkSources(task.inputs);
    const failed = problems.map((problem) => ({ path: problem.path, reason: problem.reason }));

    /** Reads, fits and translates one file: RGB bytes before and after, or why it cannot. */
    const translateFile = async (path: string) => {
      const decoded = await decodeImage(await readFile(path), {
        minShortSide: 1,
        trainingSize: minSide,
        workingSize: task.maxSide,
        background: '#ffffff',
      });
      if (!decoded.ok) return { ok: false as const, reason: decoded.reason };
      const { width: sourceWidth, height: sourceHeight, data } = decoded.pixels;
      const [width, height] = translationSize(sourceWidth, sourceHeight, task.maxSide);
      const before = await sharp(data, { raw: { width: sourceWidth, height: sourceHeight, channels: 3 } })
        .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
        .raw()
        .toBuffer();
      const output = tf.tidy(() => {
        const input = tf.tensor4d(before, [1, height, width, 3], 'int32').toFloat().div(127.5).sub(1);
        return model.apply(input, { training: false }) as tfjs.Tensor4D;
      });
      const after = toBytes(await output.data<'float32'>());
      output.dispose();
      return { ok: true as const, width, height, before, after };
    };
    const png = (pixels: Uint8Array, width: number, height: number) =>
      sharp(pixels, { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer();

    if (task.outDir === null) {
      // The first file that is an image: a folder may hold notes or sidecar files before it.
      let reason = failed[0] ? `${basename(failed[0].path)}: ${failed[0].reason}` : 'there is no image in it';
      for (const file of files.slice(0, previewTries)) {
        const result = await translateFile(file.path);
        if (!result.ok) {
          reason = `${basename(file.path)}: ${result.reason}`;
          continue;
        }
        return {
          step,
          width: result.width,
          height: result.height,
          before: (await png(result.before, result.width, result.height)).toString('base64'),
          after: (await png(result.after, result.width, result.height)).toString('base64'),
        };
      }
      throw new Error(`Nothing there could be translated (${reason}).`);
    }

    await mkdir(task.outDir, { recursive: true });
    const written: string[] = [];
    for (const [index, file] of files.entries()) {
      await context.yieldToEventLoop();
      signal.throwIfAborted();
      const result = await translateFile(file.path);
      if (result.ok) {
        const target = freePath(task.outDir, basename(file.path, extname(file.path)));
        // 'wx': never over a file, even one that appeared since freePath looked.
        await writeFile(target, await png(result.after, result.width, result.height), { flag: 'wx' });
        written.push(target);
      } else {
        failed.push({ path: file.path, reason: result.reason });
      }
      emit({
        type: 'progress',
        progress: {
          fraction: (index + 1) / files.length,
          message: `Translated ${index + 1} of ${files.length} images`,
          done: index + 1,
          total: files.length,
        },
      });
    }
    if (written.length === 0 && failed.length > 0) {
      throw new Error(
        `No image could be translated; the first: ${basename(failed[0]?.path ?? '')}: ${failed[0]?.reason}.`,
      );
    }
    if (written.length === 0) throw new Error('There is no image to translate in what was given.');
    return { step, written, failed };
  } finally {
    model.dispose();
  }
}
