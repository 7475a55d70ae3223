import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import type { AnimationFormat, Provenance } from '../../contract/index.js';
import { encodeAnimatedImage, type Frames } from '../../export/animated-image.js';
import { contactSheet } from '../../export/contact-sheet.js';
import type { ExportJob, ExportTask } from '../../export/export-task-schema.js';
import { shownPath } from '../../export/export-paths.js';
import { animationTargets, framePath, numberedName } from '../../export/export-targets.js';
import { writeModelFolder } from '../../export/model-export.js';
import { encodeMp4 } from '../../export/mp4-encoder.js';
import { withProvenance } from '../../export/provenance.js';
import { resizeRgb, rgbPng } from '../../export/resize-image.js';
import { encodeWebm } from '../../export/webm-encoder.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { generateImages, GeneratorCache, type LoadedGenerator } from '../../latent/checkpoint-generator.js';
import { toBytes } from '../gan/sample-grid.js';
import { listSampleSteps, runFolder, samplePath } from '../run-files.js';
import type { TaskContext } from './task-context.js';

/** Exports load their generator apart from the explorer's, so neither evicts the other's. */
const generators = new GeneratorCache();

/** Images drawn per forward pass. */
const batch = 16;

export interface ExportTaskResult {
  step: number;
  files: string[];
}

/** Draws what an export needs with one checkpoint's generator and writes it (see ExportTask). */
export async function exportArt(task: ExportTask, context: TaskContext): Promise<ExportTaskResult> {
  if (task.job.what === 'timeline') {
    const result = await exportTimeline(task, task.job, new ExportWriter(task.overwrite), context);
    return { ...result, files: result.files.map((file) => shownPath(task.projectRoot, file)) };
  }
  const generator = await generators.get(task.projectRoot, task.runId, task.step, task.useEma);
  const writer = new ExportWriter(task.overwrite);
  const { job } = task;
  const files =
    job.what === 'images'
      ? await exportImages(task, job, generator, writer, context)
      : job.what === 'sheet'
        ? await exportSheet(task, job, generator, writer, context)
        : job.what === 'animation'
          ? await exportAnimation(task, job, generator, writer, context)
          : job.what === 'model'
            ? await exportModel(task, job, generator, writer)
            : [];
  // Paths inside the project are given relative to it (the app offers them for download).
  return { step: generator.step, files: files.map((file) => shownPath(task.projectRoot, file)) };
}

/** Refuses to replace a file unless asked; writes each file whole (temp file and rename). */
class ExportWriter {
  constructor(private readonly overwrite: boolean) {}

  claim(path: string): void {
    if (!this.overwrite && existsSync(path)) {
      throw new Error(`${basename(path)} already exists. Choose another name, or confirm to replace it.`);
    }
  }

  async write(path: string, bytes: Uint8Array): Promise<string> {
    this.claim(path);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, bytes);
    return path;
  }
}

/** The images of the latents as RGB bytes at `size`, in batches, reporting progress. */
async function draw(
  generator: LoadedGenerator,
  latents: readonly number[][],
  size: number,
  kernel: 'nearest' | 'lanczos',
  context: TaskContext,
  verb: string,
  onImage: (pixels: Uint8Array, index: number) => Promise<void>,
  share = 1,
): Promise<void> {
  const pixels = generator.size * generator.size * 3;
  for (let start = 0; start < latents.length; start += batch) {
    await context.yieldToEventLoop();
    context.signal.throwIfAborted();
    const chunk = latents.slice(start, start + batch);
    const images = generateImages(generator, chunk);
    const bytes = toBytes(await images.data<'float32'>().finally(() => images.dispose()));
    for (let i = 0; i < chunk.length; i++) {
      const own = bytes.subarray(i * pixels, (i + 1) * pixels);
      await onImage(await resizeRgb(own, generator.size, size, kernel), start + i);
    }
    const done = start + chunk.length;
    context.emit({
      type: 'progress',
      progress: {
        fraction: (done / latents.length) * share,
        message: `${verb} ${done} of ${latents.length}`,
        done,
        total: latents.length,
      },
    });
  }
}

function provenanceOf(
  task: ExportTask,
  generator: LoadedGenerator,
  point: Provenance['point'],
  size: number,
  kernel: 'nearest' | 'lanczos',
): Provenance {
  return {
    format: 'ganvas-provenance',
    version: 1,
    ...task.provenance,
    step: generator.step,
    useEma: task.useEma,
    point,
    modelSize: generator.size,
    size,
    resize: size === generator.size ? 'none' : kernel,
  };
}

async function exportImages(
  task: ExportTask,
  job: Extract<ExportJob, { what: 'images' }>,
  generator: LoadedGenerator,
  writer: ExportWriter,
  context: TaskContext,
): Promise<string[]> {
  const size = job.size ?? generator.size;
  // One image goes to the file named; several go into the folder named, numbered.
  const single = job.items.length === 1 && task.out.toLowerCase().endsWith('.png');
  const pathOf = (i: number) =>
    single ? task.out : join(task.out, numberedName(i, job.items.length, job.items[i]?.caption));
  job.items.forEach((_, i) => writer.claim(pathOf(i)));
  const files: string[] = [];
  await draw(
    generator,
    job.items.map((item) => item.latent),
    size,
    job.kernel,
    context,
    'Wrote',
    async (pixels, i) => {
      const item = job.items[i];
      if (!item) return;
      const png = withProvenance(
        await rgbPng(pixels, size),
        provenanceOf(task, generator, item.point, size, job.kernel),
      );
      files.push(await writer.write(pathOf(i), png));
    },
  );
  return files;
}

async function exportSheet(
  task: ExportTask,
  job: Extract<ExportJob, { what: 'sheet' }>,
  generator: LoadedGenerator,
  writer: ExportWriter,
  context: TaskContext,
): Promise<string[]> {
  const cellSize = job.cellSize ?? generator.size;
  writer.claim(task.out);
  const cells: Uint8Array[] = [];
  await draw(
    generator,
    job.items.map((item) => item.latent),
    cellSize,
    job.kernel,
    context,
    'Drew',
    async (pixels) => {
      cells.push(pixels);
    },
  );
  const png = await contactSheet(cells, cellSize, {
    columns: job.columns,
    spacing: job.spacing,
    background: job.background,
    captions: job.captions ? job.items.map((item) => item.caption) : null,
  });
  return [await writer.write(task.out, png)];
}

async function exportAnimation(
  task: ExportTask,
  job: Extract<ExportJob, { what: 'animation' }>,
  generator: LoadedGenerator,
  writer: ExportWriter,
  context: TaskContext,
): Promise<string[]> {
  const size = job.size ?? generator.size;
  const targets = animationTargets(task.out, job.formats);
  for (const [format, path] of targets) if (format !== 'png-frames') writer.claim(path);
  const frames: Uint8Array[] = [];
  // Drawing is the first half of the work, encoding the second.
  await draw(
    generator,
    job.frames,
    size,
    job.kernel,
    context,
    'Drew frame',
    async (pixels) => {
      frames.push(pixels);
    },
    0.5,
  );
  const animation: Frames = { width: size, height: size, fps: job.fps, frames, repeat: job.repeat };
  return writeAnimation(animation, targets, writer, context);
}

/** Encodes the frames in every format asked for (the second half of the job's progress). */
async function writeAnimation(
  animation: Frames,
  targets: Map<AnimationFormat, string>,
  writer: ExportWriter,
  context: TaskContext,
): Promise<string[]> {
  const files: string[] = [];
  const cancellable = async () => {
    await context.yieldToEventLoop();
    context.signal.throwIfAborted();
  };
  let n = 0;
  for (const [format, path] of targets) {
    await cancellable();
    if (format === 'png-frames') {
      for (const [i, pixels] of animation.frames.entries()) {
        const png = await rawPng(pixels, animation.width, animation.height);
        files.push(await writer.write(framePath(path, i, animation.frames.length), png));
      }
    } else if (format === 'gif' || format === 'webp') {
      files.push(await writer.write(path, await encodeAnimatedImage(animation, format)));
    } else if (format === 'mp4') {
      files.push(await writer.write(path, await encodeMp4(animation, cancellable)));
    } else {
      files.push(await writer.write(path, await encodeWebm(animation, cancellable)));
    }
    n++;
    context.emit({
      type: 'progress',
      progress: { fraction: 0.5 + (0.5 * n) / targets.size, message: `Encoded ${format}` },
    });
  }
  return files;
}

/**
 * The training time-machine: the run's sample grids, in step order, as an animation (each grid
 * scaled up by a whole factor, nearest neighbour, so its pixels stay crisp).
 */
async function exportTimeline(
  task: ExportTask,
  job: Extract<ExportJob, { what: 'timeline' }>,
  writer: ExportWriter,
  context: TaskContext,
): Promise<ExportTaskResult> {
  const runDir = runFolder(task.projectRoot, task.runId);
  const steps = await listSampleSteps(runDir);
  if (steps.length === 0) throw new Error('This run has no sample grids yet: train it for a while first.');
  const targets = animationTargets(task.out, job.formats);
  for (const [format, path] of targets) if (format !== 'png-frames') writer.claim(path);
  const frames: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  for (const [i, step] of steps.entries()) {
    await context.yieldToEventLoop();
    context.signal.throwIfAborted();
    const grid = sharp(samplePath(runDir, step)).removeAlpha();
    const meta = await grid.metadata();
    if (i === 0) [width, height] = [(meta.width ?? 0) * job.scale, (meta.height ?? 0) * job.scale];
    // A grid of another size (a run branched with other settings) is fitted to the first one's.
    const { data } = await grid
      .resize(width, height, { kernel: 'nearest', fit: 'contain', background: '#181818' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    frames.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
    context.emit({
      type: 'progress',
      progress: {
        fraction: (0.5 * (i + 1)) / steps.length,
        message: `Read grid ${i + 1} of ${steps.length}`,
        done: i + 1,
        total: steps.length,
      },
    });
  }
  const animation: Frames = { width, height, fps: job.fps, frames, repeat: job.repeat };
  const files = await writeAnimation(animation, targets, writer, context);
  return { step: steps.at(-1) ?? 0, files };
}

async function rawPng(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}

async function exportModel(
  task: ExportTask,
  job: Extract<ExportJob, { what: 'model' }>,
  generator: LoadedGenerator,
  writer: ExportWriter,
): Promise<string[]> {
  writer.claim(join(task.out, 'index.html'));
  writer.claim(join(task.out, 'model.json'));
  return writeModelFolder(task.out, generator.model, {
    title: `${task.provenance.run.name} — ${task.provenance.project.name}`,
    size: generator.size,
    latentDim: generator.latentDim,
    directions: job.directions,
    directionNames: job.directionNames,
  });
}
