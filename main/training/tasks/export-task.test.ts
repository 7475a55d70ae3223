import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo, LatentPoint } from '../../contract/index.js';
import type { ExportTask } from '../../export/export-task-schema.js';
import { readProvenance } from '../../export/provenance.js';
import { resizeRgb } from '../../export/resize-image.js';
import { inspectMp4 } from '../../export/test-support/media-inspect.js';
import { GeneratorCache, generateImages } from '../../latent/checkpoint-generator.js';
import { resolvePoint } from '../../latent/resolve-latent.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import { trainTinyDcgan } from '../test-support/tiny-dcgan.js';
import { exportArt } from './export-task.js';
import { renderLatents } from './render-task.js';

let backend: BackendInfo;
let projectRoot: string;
const latentDim = 8;

const context = () => inProcessContext(backend).ctx;

beforeAll(async () => {
  const images = new Uint8Array(8 * 32 * 32 * 3).map((_, i) => (i * 13) % 256);
  ({ backend, projectRoot } = await trainTinyDcgan(
    'ganvas-export-',
    { images, count: 8 },
    { latentDim, totalSteps: 4 },
  ));
}, 60_000);

const point = (seed: number, extra: Partial<LatentPoint> = {}): LatentPoint => ({
  seed,
  truncation: 0.8,
  moves: [],
  dimensions: [{ index: 2, value: 1.5 }],
  ...extra,
});

function exportTask(out: string, job: ExportTask['job'], overwrite = false): ExportTask {
  return {
    kind: 'export',
    projectRoot,
    runId: 'r',
    step: 2,
    useEma: true,
    out,
    overwrite,
    provenance: { app: '9.9.9', project: { id: 'p1', name: 'Moths' }, run: { id: 'r', name: 'First run' } },
    job,
  };
}

const item = (p: LatentPoint) => ({
  latent: Array.from(resolvePoint(p, latentDim, [])),
  point: p,
  caption: `seed ${p.seed}`,
});

describe('exported images and their provenance', () => {
  it('reads back where a PNG came from and draws the very same pixels again from it', async () => {
    const out = join(projectRoot, 'exports', 'one.png');
    const result = await exportArt(
      exportTask(out, { what: 'images', items: [item(point(42))], size: null, kernel: 'lanczos' }),
      context(),
    );
    expect(result).toEqual({ step: 2, files: ['exports/one.png'] });
    const png = await readFile(out);
    const read = readProvenance(png);
    if (!read.ok) throw new Error(read.problem);
    expect(read.provenance).toEqual({
      format: 'ganvas-provenance',
      version: 1,
      app: '9.9.9',
      project: { id: 'p1', name: 'Moths' },
      run: { id: 'r', name: 'First run' },
      step: 2,
      useEma: true,
      point: point(42),
      modelSize: 32,
      size: 32,
      resize: 'none',
    });
    // Reopen: the point and checkpoint from the file, through the explorer's own drawing.
    const { provenance } = read;
    const again = await renderLatents(
      {
        kind: 'render',
        projectRoot,
        runId: provenance.run.id,
        step: provenance.step,
        latents: [Array.from(resolvePoint(provenance.point, latentDim, []))],
        useEma: provenance.useEma,
      },
      context(),
    );
    const [exported, redrawn] = await Promise.all(
      [png, Buffer.from(again.images[0] ?? '', 'base64')].map((bytes) => sharp(bytes).raw().toBuffer()),
    );
    expect(redrawn).toEqual(exported);
  });

  it('upscales to a chosen size with the chosen kernel, and says so in the provenance', async () => {
    const folder = join(projectRoot, 'exports', 'big');
    const points = [point(1), point(2)];
    await exportArt(
      exportTask(folder, { what: 'images', items: points.map(item), size: 96, kernel: 'nearest' }),
      context(),
    );
    const names = (await readdir(folder)).sort();
    expect(names).toEqual(['0001 seed 1.png', '0002 seed 2.png']);
    const png = await readFile(join(folder, names[1] ?? ''));
    const read = readProvenance(png);
    expect(read.ok && [read.provenance.size, read.provenance.resize, read.provenance.point.seed]).toEqual([
      96,
      'nearest',
      2,
    ]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([96, 96]);
    // The same pixels as the model's own image scaled by nearest neighbour.
    const generator = await new GeneratorCache().get(projectRoot, 'r', 2, true);
    const own = generateImages(generator, [resolvePoint(point(2), latentDim, [])]);
    const bytes = Uint8Array.from(await own.data(), (v) =>
      Math.round(Math.min(1, Math.max(-1, v)) * 127.5 + 127.5),
    );
    tf.dispose(own);
    generator.model.dispose();
    expect(Buffer.from(await resizeRgb(bytes, 32, 96, 'nearest'))).toEqual(data);
  });

  it('never replaces a file unless asked to', async () => {
    const out = join(projectRoot, 'exports', 'twice.png');
    const task = (overwrite: boolean, seed: number) =>
      exportTask(
        out,
        { what: 'images', items: [item(point(seed))], size: null, kernel: 'lanczos' },
        overwrite,
      );
    await exportArt(task(false, 5), context());
    const first = await readFile(out);
    await expect(exportArt(task(false, 6), context())).rejects.toThrow('already exists');
    expect(await readFile(out)).toEqual(first);
    await exportArt(task(true, 6), context());
    const replaced = readProvenance(await readFile(out));
    expect(replaced.ok && replaced.provenance.point.seed).toBe(6);
  });
});

describe('sheets, animations and the model', () => {
  it('writes a contact sheet of the right size', async () => {
    const out = join(projectRoot, 'exports', 'sheet.png');
    const points = [1, 2, 3, 4, 5].map((seed) => point(seed));
    await exportArt(
      exportTask(out, {
        what: 'sheet',
        items: points.map(item),
        cellSize: 64,
        columns: 3,
        spacing: 4,
        background: '#ffffff',
        captions: false,
        kernel: 'lanczos',
      }),
      context(),
    );
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([3 * 64 + 4 * 4, 2 * 64 + 3 * 4]);
  });

  it('writes every animation format from one set of frames, with progress and the frames in order', async () => {
    const stem = join(projectRoot, 'exports', 'loop');
    const frames = [0, 1, 2, 3, 4, 5].map((i) => Array.from(resolvePoint(point(i), latentDim, [])));
    const { ctx, events } = inProcessContext(backend);
    const result = await exportArt(
      exportTask(stem, {
        what: 'animation',
        frames,
        formats: ['gif', 'mp4', 'webm', 'webp', 'png-frames'],
        size: 48,
        fps: 12,
        repeat: true,
        kernel: 'lanczos',
      }),
      ctx,
    );
    expect(result.files.slice(0, 4)).toEqual([
      'exports/loop.gif',
      'exports/loop.mp4',
      'exports/loop.webm',
      'exports/loop.webp',
    ]);
    expect(await readdir(join(stem + '-frames'))).toHaveLength(6);
    const gif = await sharp(await readFile(`${stem}.gif`), { pages: -1 }).metadata();
    expect([gif.width, gif.pageHeight ?? gif.height]).toEqual([48, 48]);
    // A barely trained model draws near-identical frames; GIF and WebP merge identical neighbours
    // and add up their delays, so the length is what counts here (exact counts: the encoder tests).
    expect(gif.delay?.reduce((sum, ms) => sum + ms, 0)).toBe(500);
    expect(inspectMp4(await readFile(`${stem}.mp4`))).toMatchObject({ width: 48, height: 48, frames: 6 });
    const fractions = events.flatMap((e) => (e.type === 'progress' ? [e.progress.fraction ?? -1] : []));
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('stops an animation when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx } = inProcessContext(backend, controller);
    const frames = [0, 1].map((i) => Array.from(resolvePoint(point(i), latentDim, [])));
    await expect(
      exportArt(
        exportTask(join(projectRoot, 'exports', 'never'), {
          what: 'animation',
          frames,
          formats: ['gif'],
          size: null,
          fps: 10,
          repeat: true,
          kernel: 'lanczos',
        }),
        ctx,
      ),
    ).rejects.toThrow();
  });

  it('turns the run’s sample grids into the training time-machine, in step order', async () => {
    // Grids of our own instead of the training's, so the order and sizes are known.
    const samples = join(projectRoot, 'runs', 'r', 'samples');
    await rm(samples, { recursive: true });
    await mkdir(samples, { recursive: true });
    const grid = (shade: number) =>
      sharp({ create: { width: 30, height: 20, channels: 3, background: { r: shade, g: shade, b: shade } } })
        .png()
        .toBuffer();
    for (const [step, shade] of [
      [100, 200],
      [20, 50],
      [60, 120],
    ] as const)
      await writeFile(join(samples, `${step}.png`), await grid(shade));
    const stem = join(projectRoot, 'exports', 'training');
    const result = await exportArt(
      exportTask(stem, { what: 'timeline', formats: ['mp4', 'png-frames'], fps: 4, repeat: true, scale: 2 }),
      context(),
    );
    expect(result.step).toBe(100);
    expect(inspectMp4(await readFile(`${stem}.mp4`))).toMatchObject({ width: 60, height: 40, frames: 3 });
    const shades = await Promise.all(
      (await readdir(`${stem}-frames`)).sort().map(
        async (name) =>
          (
            await sharp(join(`${stem}-frames`, name))
              .raw()
              .toBuffer()
          )[0],
      ),
    );
    expect(shades).toEqual([50, 120, 200]);
  });

  it('writes a TensorFlow.js model folder that loads and draws what the generator draws', async () => {
    const folder = join(projectRoot, 'exports', 'model');
    await exportArt(exportTask(folder, { what: 'model', directions: [], directionNames: [] }), context());
    expect((await readdir(folder)).sort()).toEqual([
      'index.html',
      'model-data.js',
      'model.json',
      'tf.min.js',
      'weights.bin',
    ]);
    const modelJson = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    const weights = await readFile(join(folder, 'weights.bin'));
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    );
    const z = tf.tensor2d([Array.from(resolvePoint(point(9), latentDim, []))]);
    const generator = await new GeneratorCache().get(projectRoot, 'r', 2, true);
    const [a, b] = [loaded.predict(z) as tf.Tensor, generator.model.predict(z) as tf.Tensor];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([a, b, z]);
    loaded.dispose();
    generator.model.dispose();
    const page = await readFile(join(folder, 'model-data.js'), 'utf8');
    expect(page.startsWith('window.GANVAS_MODEL = ')).toBe(true);
  });
});
