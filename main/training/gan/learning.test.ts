import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo, TrainingSettings } from '../../contract/index.js';
import { presets } from '../../contract/index.js';
import { randomFor } from '../../random/counter-random.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { runFolder } from '../run-files.js';
import { readNewestCheckpoint } from './checkpoint-files.js';
import { DcganTrainer } from './dcgan-trainer.js';
import { trainDcgan } from './train-dcgan.js';

/**
 * Does training learn? Evaluation as a two-sample test (Lopez-Paz & Oquab, 2017): a classifier is
 * trained to tell real images from generated ones and scored on held-out images. Before training it
 * wins easily; after a short training it must do clearly worse, because the samples moved towards
 * the data. The classifier is logistic regression on 4×4 block colours: weak on purpose, so it tests
 * what a short run can learn (colours and layout), not fine texture.
 */

const size = 32;

/** A light disc of random size, place and brightness on a dark ground, with a little noise. */
function realImages(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count * size * size * 3);
  const random = randomFor(seed);
  for (let n = 0; n < count; n++) {
    const cx = 8 + random() * 16;
    const cy = 8 + random() * 16;
    const r = 5 + random() * 5;
    const light = 170 + random() * 85;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const base = (x - cx) ** 2 + (y - cy) ** 2 < r * r ? light : 20;
        const value = Math.max(0, Math.min(255, Math.round(base + (random() - 0.5) * 16)));
        out.fill(value, ((n * size + y) * size + x) * 3, ((n * size + y) * size + x) * 3 + 3);
      }
  }
  return out;
}

/** 4×4 block means of [-1, 1] images: 48 numbers an image. */
function features(images: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => tf.avgPool(images, 8, 8, 'valid').reshape([images.shape[0], 48]) as tf.Tensor2D);
}

/** Held-out accuracy of logistic regression telling real (1) from generated (0). */
function twoSampleAccuracy(real: tf.Tensor4D, fake: tf.Tensor4D): number {
  return tf.tidy(() => {
    const half = real.shape[0] / 2;
    const x = tf.concat([features(real), features(fake)]);
    const y = tf.concat([tf.ones([real.shape[0], 1]), tf.zeros([fake.shape[0], 1])]);
    const trainIdx = tf.tensor1d([...range(0, half), ...range(real.shape[0], real.shape[0] + half)], 'int32');
    const testIdx = tf.tensor1d(
      [...range(half, real.shape[0]), ...range(real.shape[0] + half, 2 * real.shape[0])],
      'int32',
    );
    const w = tf.variable(tf.zeros([48, 1]));
    const b = tf.variable(tf.zeros([1]));
    const optimizer = tf.train.adam(0.05);
    const xTrain = tf.gather(x, trainIdx);
    const yTrain = tf.gather(y, trainIdx);
    for (let i = 0; i < 300; i++) {
      optimizer.minimize(
        () => tf.losses.sigmoidCrossEntropy(yTrain, tf.add(tf.matMul(xTrain, w), b)) as tf.Scalar,
      );
    }
    const predicted = tf.greater(tf.add(tf.matMul(tf.gather(x, testIdx), w), b), 0);
    const accuracy = tf.mean(tf.cast(tf.equal(predicted, tf.cast(tf.gather(y, testIdx), 'bool')), 'float32'));
    const value = accuracy.dataSync()[0] ?? NaN;
    optimizer.dispose();
    w.dispose();
    b.dispose();
    return value;
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

let backend: BackendInfo;
beforeAll(async () => {
  backend = (await loadBackend({ setting: 'wasm', env: {} })).info;
});

/** Trains one seeded run; the two-sample accuracy of its generator before and after. */
async function trainOnce(seed: number): Promise<{ before: number; after: number }> {
  // A small model and a bold learning rate, so a CPU learns this simple world in under a minute;
  // augmentation off, since it slows the first few hundred steps down on purpose.
  const settings: TrainingSettings = {
    ...presets.quick.settings,
    width: 8,
    latentDim: 32,
    batchSize: 16,
    generatorLearningRate: 1e-3,
    discriminatorLearningRate: 1e-3,
    augment: { translation: false, cutout: false, colour: false },
    totalSteps: 1200,
    checkpointEvery: 1200,
    sampleEvery: 1200,
    seed,
  };
  const count = 256;
  const bytes = realImages(count, 1);
  const projectRoot = await mkdtemp(join(tmpdir(), 'ganvas-learning-'));
  const trainer = new DcganTrainer(settings);
  const held = 200;
  const real = tf.tidy(() =>
    tf.sub(tf.div(tf.tensor4d(realImages(held, 99), [held, size, size, 3], 'float32'), 127.5), 1),
  ) as tf.Tensor4D;
  const latents = tf.randomNormal([held, settings.latentDim], 0, 1, 'float32', 123) as tf.Tensor2D;
  const before = tf.tidy(() => twoSampleAccuracy(real, trainer.generate(latents)));
  trainer.dispose();

  await trainDcgan(
    { kind: 'train', projectRoot, runId: 'r', datasetId: 'd', domain: 'main', settings, resumeFrom: null },
    {
      tf,
      backend,
      emit: () => undefined,
      signal: new AbortController().signal,
      clock: () => performance.now(),
      yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
    },
    { loadImages: async () => ({ images: bytes, count, size, ids: [] }) },
  );
  const trained = new DcganTrainer(settings);
  const loaded = await readNewestCheckpoint(runFolder(projectRoot, 'r'), () => undefined);
  if (!loaded) throw new Error('no checkpoint');
  trained.restore(loaded.manifest, loaded.tensors);
  tf.dispose([...loaded.tensors.values()]);
  const after = tf.tidy(() => twoSampleAccuracy(real, trained.generate(latents)));
  trained.dispose();
  tf.dispose([real, latents]);
  console.info(
    `seed ${seed}: two-sample test accuracy ${before.toFixed(3)} before training, ${after.toFixed(3)} after`,
  );
  return { before, after };
}

describe('a short DCGAN training run', () => {
  it('makes real and generated images clearly harder to tell apart (a two-sample test, three seeds)', async () => {
    // Three runs, judged by their mean: where one run ends is chaotic. Float rounding alone (the
    // same model on XNNPACK's convolutions or on Ganvas's GEMM, which sums in another order) moves
    // one run's accuracy by up to ±0.1, and either way round. Measured here (wasm, fixed seeds, so
    // repeatable): 0.880, 0.775, 0.840 after, mean 0.832, on the GEMM; 0.775, 0.885, 0.915, mean
    // 0.858, on XNNPACK's convolutions; 1.000 before, every time.
    const runs = [];
    for (const seed of [5, 6, 7]) runs.push(await trainOnce(seed));
    for (const { before } of runs) expect(before).toBeGreaterThan(0.95);
    const meanAfter = runs.reduce((sum, run) => sum + run.after, 0) / runs.length;
    expect(meanAfter).toBeLessThan(0.87);
    // Each clearly below a classifier that always wins.
    for (const { after } of runs) expect(after).toBeLessThan(0.95);
    // About 35 s a run alone on 2 shared cores; the limit only catches a hang, since beside other
    // test files on a loaded machine one run has taken over 120 s.
  }, 900_000);
});
