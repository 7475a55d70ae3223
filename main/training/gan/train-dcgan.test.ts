import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingSettings } from '../../contract/index.js';
import { loadBackend } from '../../tf/backend-loader.js';
import type { BackendInfo } from '../../contract/index.js';
import { checkpointFolder, listCheckpoints, listSampleSteps, readMetrics, runFolder } from '../run-files.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import type { TrainTask } from '../trainer-protocol.js';
import { readCheckpoint } from './checkpoint-files.js';
import { trainDcgan, type TrainDcganDeps } from './train-dcgan.js';

let backend: BackendInfo;
beforeAll(async () => {
  // cpu: bit-identical results are promised there (and it has the fast replacement gradient kernels).
  backend = (await loadBackend({ setting: 'cpu', env: {} })).info;
});

const tiny: TrainingSettings = {
  model: 'dcgan',
  size: 32,
  latentDim: 8,
  width: 4,
  batchSize: 4,
  generatorLearningRate: 2e-4,
  discriminatorLearningRate: 2e-4,
  beta1: 0.5,
  discriminatorSteps: 1,
  realLabel: 1,
  augment: { translation: true, cutout: true, colour: true },
  emaDecay: 0.9,
  seed: 11,
  totalSteps: 6,
  checkpointEvery: 3,
  sampleEvery: 3,
  keepLast: 2,
  keepEvery: 0,
};

/** Twelve 32 px images: coloured squares on grey. */
function images() {
  const size = 32;
  const count = 12;
  const out = new Uint8Array(count * size * size * 3).fill(128);
  for (let n = 0; n < count; n++)
    for (let y = 8; y < 24; y++)
      for (let x = 8; x < 24; x++) out.set([n * 20, 255 - n * 20, 60], ((n * size + y) * size + x) * 3);
  return { images: out, count, size, ids: [] };
}

async function setUp(settings: Partial<TrainingSettings> = {}) {
  const projectRoot = await mkdtemp(join(tmpdir(), 'ganvas-train-'));
  const task: TrainTask = {
    kind: 'train',
    projectRoot,
    runId: 'run1',
    datasetId: 'd1',
    domain: 'main',
    settings: { ...tiny, ...settings },
    resumeFrom: null,
  };
  return { task, runDir: runFolder(projectRoot, 'run1') };
}

const context = (controller = new AbortController()) => inProcessContext(backend, controller, 'stepping');

const deps: TrainDcganDeps = { loadImages: async () => images() };

describe('trainDcgan', () => {
  it('trains to the last step, writing the curve, sample grids and thinned checkpoints, leaking nothing', async () => {
    const { task, runDir } = await setUp();
    const before = tf.memory().numTensors;
    const { ctx, events } = context();
    const result = await trainDcgan(task, ctx, deps);
    expect(result).toMatchObject({ step: 6, finished: true });
    expect(tf.memory().numTensors).toBe(before);
    expect((await readMetrics(runDir)).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await listSampleSteps(runDir)).toEqual([0, 3, 6]);
    expect((await listCheckpoints(runDir)).map((c) => c.step)).toEqual([3, 6]);
    const kinds = new Set(events.map((e) => e.type));
    for (const kind of ['progress', 'metrics', 'sample', 'checkpoint', 'health'])
      expect(kinds).toContain(kind);
    // Twelve images: the small-dataset warning is given at the start.
    expect(events.find((e) => e.type === 'health')).toMatchObject({ warning: { code: 'small-dataset' } });
  });

  it('resumes from a checkpoint to a bit-identical next step (cpu)', async () => {
    // One run straight through to step 5…
    const straight = await setUp({ totalSteps: 5, checkpointEvery: 4 });
    await trainDcgan(straight.task, context().ctx, deps);
    // …and one stopped at 4 (a checkpoint), resumed in a fresh trainer to 5.
    const resumed = await setUp({ totalSteps: 4, checkpointEvery: 4 });
    await trainDcgan(resumed.task, context().ctx, deps);
    await trainDcgan(
      { ...resumed.task, settings: { ...resumed.task.settings, totalSteps: 5 }, resumeFrom: 'latest' },
      context().ctx,
      deps,
    );
    const a = await readMetrics(straight.runDir);
    const b = await readMetrics(resumed.runDir);
    expect(b.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    const values = (p: (typeof a)[number] | undefined) => [p?.dLoss, p?.gLoss, p?.dReal, p?.dFake];
    expect(b.slice(0, 4).map(values)).toEqual(a.slice(0, 4).map(values));
    expect(values(b[4])).toEqual(values(a[4]));
    const weightsOf = (dir: string) =>
      readCheckpoint(dir, 5).then(({ manifest, tensors }) => {
        tf.dispose([...tensors.values()]);
        return manifest.sha256;
      });
    expect(await weightsOf(resumed.runDir)).toBe(await weightsOf(straight.runDir));
  });

  it('on cancel, saves a checkpoint of the last completed step, then stops', async () => {
    const { task, runDir } = await setUp({ totalSteps: 50, checkpointEvery: 100 });
    const { ctx, controller } = context();
    let steps = 0;
    const run = trainDcgan(task, ctx, {
      ...deps,
      beforeStep: () => {
        steps += 1;
        if (steps === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect((await listCheckpoints(runDir)).map((c) => c.step)).toEqual([0, 3]);
    expect((await readMetrics(runDir)).at(-1)?.step).toBe(3);
  });

  it('rolls a NaN back to the last good checkpoint, says so, and goes on with fresh noise', async () => {
    const { task, runDir } = await setUp({ totalSteps: 6 });
    const { ctx, events } = context();
    let broken = false;
    const result = await trainDcgan(task, ctx, {
      ...deps,
      beforeStep: (trainer) => {
        if (trainer.step === 4 && !broken) {
          broken = true;
          const weight = trainer.discriminator.weights[0];
          weight?.write(tf.fill(weight.shape as number[], NaN));
        }
      },
    });
    expect(result.step).toBe(6);
    const rolled = events.find((e) => e.type === 'health' && e.warning.code === 'rolled-back');
    expect(rolled).toMatchObject({ warning: { step: 3 } });
    expect(rolled?.type === 'health' && rolled.warning.message).toMatch(
      /NaN at step 5.*checkpoint at step 3/,
    );
    const steps = (await readMetrics(runDir)).map((p) => p.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await readMetrics(runDir)).every((p) => Number.isFinite(p.dLoss))).toBe(true);
  });

  it('never saves a state with NaN in it: NaN the losses do not show (G batchnorm statistics) rolls back at the checkpoint', async () => {
    const { task, runDir } = await setUp({ totalSteps: 6, keepLast: 5 });
    const { ctx, events } = context();
    let broken = false;
    const result = await trainDcgan(task, ctx, {
      ...deps,
      beforeStep: (trainer) => {
        if (trainer.step !== 2 || broken) return;
        broken = true;
        // Training-mode batchnorm normalises by the batch's own statistics: the losses stay finite.
        const movingMean = trainer.generator.weights.find((w) => w.name.includes('moving_mean'));
        movingMean?.write(tf.fill(movingMean.shape as number[], NaN));
      },
    });
    expect(broken).toBe(true);
    expect(result.step).toBe(6);
    const rolled = events.filter((e) => e.type === 'health' && e.warning.code === 'rolled-back');
    expect(rolled).toHaveLength(1);
    expect(rolled[0]).toMatchObject({
      warning: {
        step: 0,
        message: expect.stringMatching(
          /^The generator became NaN or infinite by step 3, .*checkpoint at step 0/,
        ),
      },
    });
    for (const { step } of await listCheckpoints(runDir)) {
      const { tensors } = await readCheckpoint(runDir, step);
      const finite = [...tensors.values()].every((t) => t.dataSync().every(Number.isFinite));
      tf.dispose([...tensors.values()]);
      expect(finite).toBe(true);
    }
  });

  it('counts rollbacks afresh after a good checkpoint: failures far apart do not end the run', async () => {
    const { task } = await setUp({ totalSteps: 8, checkpointEvery: 2 });
    const { ctx, events } = context();
    const brokenAt = new Set<number>();
    const result = await trainDcgan(task, ctx, {
      ...deps,
      maxRollbacks: 1,
      beforeStep: (trainer) => {
        if ((trainer.step !== 2 && trainer.step !== 6) || brokenAt.has(trainer.step)) return;
        brokenAt.add(trainer.step);
        const weight = trainer.discriminator.weights[0];
        weight?.write(tf.fill(weight.shape as number[], NaN));
      },
    });
    expect(result.step).toBe(8);
    const rolled = events.filter((e) => e.type === 'health' && e.warning.code === 'rolled-back');
    expect(rolled.map((e) => e.type === 'health' && e.warning.step)).toEqual([2, 6]);
  });

  it('fails with what to do when the numbers keep going wrong', async () => {
    const { task } = await setUp({ totalSteps: 6 });
    const run = trainDcgan(task, context().ctx, {
      ...deps,
      maxRollbacks: 2,
      beforeStep: (trainer) => {
        const weight = trainer.discriminator.weights[0];
        if (trainer.step >= 1) weight?.write(tf.fill(weight.shape as number[], NaN));
      },
    });
    await expect(run).rejects.toThrow(/Lower the learning rates.*branch from the checkpoint/);
  });

  it('skips a damaged newest checkpoint on resume, with a warning, and refuses a different architecture', async () => {
    const { task, runDir } = await setUp({ totalSteps: 6, keepLast: 5 });
    await trainDcgan(task, context().ctx, deps);
    const weights = join(checkpointFolder(runDir, 6), 'weights.bin');
    const bytes = await readFile(weights);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    await writeFile(weights, bytes);
    const { ctx, events } = context();
    const result = await trainDcgan(
      { ...task, settings: { ...task.settings, totalSteps: 7 }, resumeFrom: 'latest' },
      ctx,
      deps,
    );
    expect(result.step).toBe(7);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({
      message: expect.stringMatching(/step 6 is damaged \(weights.bin does not match its checksum\)/),
    });

    const copy = join(runDir, '..', 'copy');
    await cp(runDir, copy, { recursive: true });
    await expect(
      trainDcgan(
        { ...task, runId: 'copy', settings: { ...task.settings, width: 8 }, resumeFrom: 3 },
        context().ctx,
        deps,
      ),
    ).rejects.toThrow(/different model \(width 4 → 8\)/);
  });
});
