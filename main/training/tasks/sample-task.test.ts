import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo } from '../../contract/index.js';
import type { SampleTask } from '../trainer-protocol.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import { trainTinyDcgan } from '../test-support/tiny-dcgan.js';
import { sampleImages } from './sample-task.js';

let backend: BackendInfo;
let projectRoot: string;

const context = (controller?: AbortController) => inProcessContext(backend, controller);

beforeAll(async () => {
  const count = 8;
  const images = new Uint8Array(count * 32 * 32 * 3).map((_, i) => (i * 7) % 256);
  ({ backend, projectRoot } = await trainTinyDcgan(
    'ganvas-sample-',
    { images, count },
    // Bold steps, so two of them change the images by more than PNG rounding.
    { generatorLearningRate: 0.05, discriminatorLearningRate: 0.05 },
  ));
}, 60_000);

async function request(overrides: Partial<SampleTask> = {}): Promise<SampleTask> {
  return {
    kind: 'sample',
    projectRoot,
    runId: 'r',
    step: null,
    count: 3,
    seed: 7,
    outDir: await mkdtemp(join(tmpdir(), 'ganvas-sample-out-')),
    useEma: true,
    ...overrides,
  };
}

const pixelsOf = async (path: string) => {
  const { data, info } = await sharp(await readFile(path))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
};

describe('sampleImages', () => {
  it('writes count PNGs from the newest checkpoint, named by run, step, seed and index, reporting progress', async () => {
    const task = await request();
    const before = tf.memory().numTensors;
    const { ctx, events } = context();
    const result = await sampleImages(task, ctx);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.step).toBe(2);
    expect(result.files.map((f) => basename(f))).toEqual([
      'ganvas-r-2-7-0001.png',
      'ganvas-r-2-7-0002.png',
      'ganvas-r-2-7-0003.png',
    ]);
    expect((await readdir(task.outDir)).sort()).toEqual(result.files.map((f) => basename(f)).sort());
    const image = await pixelsOf(result.files[0] ?? '');
    expect([image.width, image.height, image.channels]).toEqual([32, 32, 3]);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ progress: { fraction: 1, done: 3, total: 3 } });
  });

  it('never overwrites: the same request again writes the same images under new names', async () => {
    const task = await request({ count: 2 });
    const first = await sampleImages(task, context().ctx);
    const second = await sampleImages(task, context().ctx);
    expect(second.files.map((f) => basename(f))).toEqual([
      'ganvas-r-2-7-0001 (2).png',
      'ganvas-r-2-7-0002 (2).png',
    ]);
    expect(await readdir(task.outDir)).toHaveLength(4);
    for (const [i, path] of first.files.entries()) {
      expect((await pixelsOf(second.files[i] ?? '')).data).toEqual((await pixelsOf(path)).data);
    }
  });

  it('draws other images for another seed, another checkpoint, or the generator instead of its average', async () => {
    const reference = await sampleImages(await request({ count: 1 }), context().ctx);
    const variants = [
      await sampleImages(await request({ count: 1, seed: 8 }), context().ctx),
      await sampleImages(await request({ count: 1, step: 0 }), context().ctx),
      await sampleImages(await request({ count: 1, useEma: false }), context().ctx),
    ];
    expect(variants.map((v) => basename(v.files[0] ?? ''))).toEqual([
      'ganvas-r-2-8-0001.png',
      'ganvas-r-0-7-0001.png',
      'ganvas-r-2-7-0001.png',
    ]);
    const pixels = (await pixelsOf(reference.files[0] ?? '')).data;
    for (const variant of variants) {
      const other = (await pixelsOf(variant.files[0] ?? '')).data;
      const changed = other.filter((value, i) => Math.abs(value - (pixels[i] ?? 0)) > 1).length;
      expect(changed, basename(variant.files[0] ?? '')).toBeGreaterThan(pixels.length / 10);
    }
  });

  it('stops when cancelled, between batches of images', async () => {
    const task = await request({ count: 40 });
    const { ctx, controller } = context();
    const run = sampleImages(task, {
      ...ctx,
      emit: (event) => {
        if (event.type === 'progress') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const written = await readdir(task.outDir);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(40);
  });

  it('says so when the run has no checkpoint', async () => {
    const task = await request({ runId: 'none' });
    await expect(sampleImages(task, context().ctx)).rejects.toThrow(/no checkpoint yet/);
  });
});
