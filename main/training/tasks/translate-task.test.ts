import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo } from '../../contract/index.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { readCheckpoint } from '../gan/checkpoint-files.js';
import { CycleganTrainer } from '../gan/cyclegan-trainer.js';
import { toBytes } from '../gan/sample-grid.js';
import { trainTinyCyclegan } from '../test-support/tiny-cyclegan.js';
import { runFolder } from '../run-files.js';
import type { TranslateTask } from '../trainer-protocol.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import {
  translateImages,
  translationSize,
  type TranslateFolderResult,
  type TranslatePreviewResult,
} from './translate-task.js';

let backend: BackendInfo;
let projectRoot: string;

const context = (controller = new AbortController()) => inProcessContext(backend, controller);

const picture = (width: number, height: number, seed: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * seed * 7) % 251)), {
    raw: { width, height, channels: 3 },
  })
    .png()
    .toBuffer();

beforeAll(async () => {
  backend = (await loadBackend({ setting: 'wasm', env: {} })).info;
  projectRoot = await mkdtemp(join(tmpdir(), 'ganvas-translate-'));
  const images = (domain: string) => ({
    images: new Uint8Array(4 * 64 * 64 * 3).fill(domain === 'A' ? 60 : 200),
    count: 4,
    size: 64,
    ids: [],
  });
  await trainTinyCyclegan(backend, projectRoot, 'cycle', images);
});

const task = (extra: Partial<TranslateTask>): TranslateTask => ({
  kind: 'translate',
  projectRoot,
  runId: 'cycle',
  step: null,
  direction: 'AtoB',
  inputs: [],
  outDir: null,
  maxSide: 512,
  ...extra,
});

describe('translationSize', () => {
  it('keeps the aspect ratio within the longest side, with sides divisible by 4 and at least 32', () => {
    expect(translationSize(64, 64, 512)).toEqual([64, 64]);
    expect(translationSize(1000, 500, 512)).toEqual([512, 256]);
    expect(translationSize(101, 67, 512)).toEqual([100, 68]);
    expect(translationSize(10, 10, 512)).toEqual([32, 32]);
  });
});

describe('translateImages', () => {
  it('previews one image: the checkpoint’s generator applied to it, at its own size', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-in-'));
    await writeFile(join(folder, 'a.png'), await picture(64, 64, 3));
    const result = (await translateImages(
      task({ inputs: [join(folder, 'a.png')] }),
      context().ctx,
    )) as TranslatePreviewResult;
    expect(result).toMatchObject({ step: 2, width: 64, height: 64 });

    // The same pixels as the trained G_AB gives for the same input.
    const { manifest, tensors } = await readCheckpoint(runFolder(projectRoot, 'cycle'), 2);
    const trainer = new CycleganTrainer(manifest.settings);
    trainer.restore(manifest, tensors);
    tf.dispose([...tensors.values()]);
    const input = await sharp(await picture(64, 64, 3))
      .raw()
      .toBuffer();
    const expected = tf.tidy(() =>
      trainer.translate(tf.tensor4d(input, [1, 64, 64, 3], 'int32').toFloat().div(127.5).sub(1), 'AtoB'),
    );
    const expectedBytes = toBytes(await expected.data<'float32'>());
    expected.dispose();
    trainer.dispose();
    const after = await sharp(Buffer.from(result.after, 'base64')).raw().toBuffer();
    expect(Buffer.from(after).equals(Buffer.from(expectedBytes))).toBe(true);
  });

  it('translates folders into new PNGs at each image’s aspect, never over a file, reporting what it cannot read', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-in-'));
    await mkdir(join(folder, 'more'));
    await writeFile(join(folder, 'wide.png'), await picture(200, 100, 5));
    await writeFile(join(folder, 'more', 'tall.png'), await picture(48, 96, 6));
    await writeFile(join(folder, 'broken.png'), (await picture(64, 64, 7)).subarray(0, 80));
    const originals = await readFile(join(folder, 'wide.png'));
    const out = await mkdtemp(join(tmpdir(), 'ganvas-out-'));
    await writeFile(join(out, 'wide.png'), 'already here');
    const { ctx, events } = context();
    const result = (await translateImages(
      task({ inputs: [folder], outDir: out, direction: 'BtoA' }),
      ctx,
    )) as TranslateFolderResult;
    expect(result.written.map((path) => path.slice(out.length + 1)).sort()).toEqual([
      'tall.png',
      'wide (2).png',
    ]);
    expect(result.failed).toEqual([
      { path: join(folder, 'broken.png'), reason: expect.stringMatching(/truncated or corrupt PNG/) },
    ]);
    expect(await readFile(join(out, 'wide.png'), 'utf8')).toBe('already here');
    expect((await readFile(join(folder, 'wide.png'))).equals(originals)).toBe(true);
    const wide = await sharp(join(out, 'wide (2).png')).metadata();
    expect([wide.width, wide.height]).toEqual([200, 100]);
    const tall = await sharp(join(out, 'tall.png')).metadata();
    expect([tall.width, tall.height]).toEqual([48, 96]);
    expect(events.filter((e) => e.type === 'progress').at(-1)).toMatchObject({
      progress: { done: 3, total: 3 },
    });
    expect((await readdir(folder)).sort()).toEqual(['broken.png', 'more', 'wide.png']);
  });

  it('stops when cancelled, keeping what it wrote', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-in-'));
    for (let i = 0; i < 4; i++) await writeFile(join(folder, `${i}.png`), await picture(64, 64, i + 1));
    const out = await mkdtemp(join(tmpdir(), 'ganvas-out-'));
    const controller = new AbortController();
    const { ctx } = context(controller);
    const run = translateImages(task({ inputs: [folder], outDir: out }), {
      ...ctx,
      emit: (event) => {
        if (event.type === 'progress' && event.progress.done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(out)).toHaveLength(2);
  });

  it('previews the first file that is an image, and says why when none is', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-in-'));
    await writeFile(join(folder, 'a-notes.txt'), 'not a picture');
    await writeFile(join(folder, 'b.png'), await picture(40, 40, 2));
    const result = (await translateImages(
      task({ inputs: [folder] }),
      context().ctx,
    )) as TranslatePreviewResult;
    expect([result.width, result.height]).toEqual([40, 40]);
    await expect(
      translateImages(task({ inputs: [join(folder, 'a-notes.txt')] }), context().ctx),
    ).rejects.toThrow(/Nothing there could be translated \(a-notes.txt: not an image file\)/);
  });

  it('refuses a run without a checkpoint, with what to do', async () => {
    await expect(translateImages(task({ runId: 'none', inputs: ['/x'] }), context().ctx)).rejects.toThrow(
      /no checkpoint yet/,
    );
  });
});
