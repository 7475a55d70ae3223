import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunEvaluation, type BackendInfo } from '../../contract/index.js';
import { seededRandom } from '../../random/seeded-random.js';
import { readCheckpoint, writeCheckpoint } from '../gan/checkpoint-files.js';
import { runFolder } from '../run-files.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import { trainTinyDcgan } from '../test-support/tiny-dcgan.js';
import type { EvaluateTask } from '../trainer-protocol.js';
import { evaluateCheckpoints } from './evaluate-task.js';

let backend: BackendInfo;
let projectRoot: string;
const count = 24;
const size = 32;

/** Soft discs of random colour and place on a light ground: a dataset with real variety. */
function discs(n: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(n * size * size * 3);
  for (let k = 0; k < n; k++) {
    const [cx, cy, r] = [random() * size, random() * size, size * (0.15 + random() * 0.25)];
    const colour = [random() * 255, random() * 255, random() * 255];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++)
          out[((k * size + y) * size + x) * 3 + c] =
            (x - cx) ** 2 + (y - cy) ** 2 < r * r ? (colour[c] ?? 0) : 230;
  }
  return out;
}

const images = discs(count, 5);
const loadImages = async () => ({ images, count, size, ids: [] });
const context = (controller?: AbortController) => inProcessContext(backend, controller);

beforeAll(async () => {
  ({ backend, projectRoot } = await trainTinyDcgan('ganvas-evaluate-', { images, count }));
  // A deliberately collapsed generator at step 3: every weight zero, so every latent draws one grey image.
  const runDir = runFolder(projectRoot, 'r');
  const { manifest, tensors } = await readCheckpoint(runDir, 2);
  const named = [...tensors.entries()].map(([name, tensor]) => ({
    name,
    tensor: /^(generator|ema)\//.test(name) ? tf.zerosLike(tensor) : tensor,
  }));
  await writeCheckpoint(
    runDir,
    {
      step: 3,
      seconds: manifest.seconds,
      settings: manifest.settings,
      random: manifest.random,
      optimizerSteps: manifest.optimizerSteps,
    },
    named,
  );
  tf.dispose([...tensors.values(), ...named.map((n) => n.tensor)]);
}, 60_000);

const request = (overrides: Partial<EvaluateTask> = {}): EvaluateTask => ({
  kind: 'evaluate',
  projectRoot,
  runId: 'r',
  datasetId: 'd',
  domain: 'main',
  steps: [0, 2],
  count: 16,
  seed: 0,
  useEma: true,
  ...overrides,
});

const readSaved = async () =>
  RunEvaluation.parse(
    JSON.parse(await readFile(join(runFolder(projectRoot, 'r'), 'evaluation.json'), 'utf8')),
  );

describe('evaluateCheckpoints', () => {
  it('evaluates each checkpoint against the training images and keeps the results in the run', async () => {
    const before = tf.memory().numTensors;
    const { ctx, events } = context();
    const result = await evaluateCheckpoints(request(), ctx, { loadImages, features: 'fallback' });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.steps).toEqual([0, 2]);
    const saved = await readSaved();
    expect(saved.checkpoints.map((c) => c.step)).toEqual([0, 2]);
    for (const checkpoint of saved.checkpoints) {
      expect(checkpoint.sampleCount).toBe(16);
      expect(checkpoint.realCount).toBe(16);
      expect(checkpoint.features.id).toBe('fallback-random-conv');
      expect(checkpoint.twoSample.testCount).toBe(16);
      expect(checkpoint.frechetDistance).toBeGreaterThan(0);
      expect(checkpoint.memorisation.generatedToTrain).toHaveLength(16);
      expect(checkpoint.memorisation.pairs).toHaveLength(6);
      const pair = checkpoint.memorisation.pairs[0];
      expect(pair?.sample).toMatch(new RegExp(`^runs/r/evaluation/${checkpoint.step}/\\d+-sample-0\\.png$`));
      const image = await sharp(join(projectRoot, pair?.train ?? '')).metadata();
      expect([image.width, image.height]).toEqual([size, size]);
      // Closest first.
      const distances = checkpoint.memorisation.pairs.map((p) => p.distance);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      expect(checkpoint.verdict.length).toBeGreaterThan(10);
    }
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ progress: { fraction: 1 } });
  }, 60_000);

  it('flags a collapsed checkpoint as collapsed, and reports it to the run’s dashboard', async () => {
    const { ctx, events } = context();
    const result = await evaluateCheckpoints(request({ steps: [3] }), ctx, {
      loadImages,
      features: 'fallback',
    });
    expect(result.verdict).toMatch(/^Collapsed/);
    const saved = (await readSaved()).checkpoints.find((c) => c.step === 3);
    expect(saved?.diversity.ratio).toBeCloseTo(0, 6);
    expect(saved?.diversity.support).toEqual({ batchSize: 2, support: 4, atLeast: false });
    expect(events.filter((e) => e.type === 'health')).toEqual([
      { type: 'health', warning: expect.objectContaining({ code: 'mode-collapse', step: 3 }) },
    ]);
    // The earlier checkpoints are still there: one file holds the whole run.
    expect((await readSaved()).checkpoints.map((c) => c.step)).toEqual([0, 2, 3]);
  }, 60_000);

  it('replaces a checkpoint’s side-by-side images when it is evaluated again', async () => {
    const runDir = runFolder(projectRoot, 'r');
    await evaluateCheckpoints(request({ steps: [2] }), context().ctx, { loadImages, features: 'fallback' });
    const first = await readdir(join(runDir, 'evaluation', '2'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await evaluateCheckpoints(request({ steps: [2] }), context().ctx, { loadImages, features: 'fallback' });
    const second = await readdir(join(runDir, 'evaluation', '2'));
    expect(second).toHaveLength(12);
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    const saved = (await readSaved()).checkpoints.find((c) => c.step === 2);
    expect(
      saved?.memorisation.pairs.map((p) => p.sample.split('/').pop()).every((n) => second.includes(n ?? '')),
    ).toBe(true);
  }, 60_000);

  it('stops when cancelled', async () => {
    const { ctx, controller } = context();
    const run = evaluateCheckpoints(
      request({ steps: [0, 2, 3] }),
      { ...ctx, emit: () => controller.abort() },
      {
        loadImages,
        features: 'fallback',
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps a damaged evaluation file aside instead of overwriting it', async () => {
    const runDir = runFolder(projectRoot, 'r');
    await writeFile(join(runDir, 'evaluation.json'), '{ torn');
    const { ctx, events } = context();
    await evaluateCheckpoints(request({ steps: [2] }), ctx, { loadImages, features: 'fallback' });
    expect((await readdir(runDir)).some((name) => name.startsWith('evaluation.json.damaged-'))).toBe(true);
    expect((await readSaved()).checkpoints.map((c) => c.step)).toEqual([2]);
    expect(events.some((e) => e.type === 'warning' && /kept as/.test(e.message))).toBe(true);
  }, 60_000);

  it('says so when the dataset is too small or the checkpoint is missing', async () => {
    await expect(
      evaluateCheckpoints(request(), context().ctx, {
        loadImages: async () => ({
          images: images.subarray(0, 4 * size * size * 3),
          count: 4,
          size,
          ids: [],
        }),
        features: 'fallback',
      }),
    ).rejects.toThrow(/at least 8/);
    await expect(
      evaluateCheckpoints(request({ steps: [7] }), context().ctx, { loadImages, features: 'fallback' }),
    ).rejects.toThrow();
  });
});
