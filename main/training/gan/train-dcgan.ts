import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { CheckpointInfo, HealthWarning, MetricPoint } from '../../contract/index.js';
import { readTrainingCache, type TrainingImages } from '../../datasets/training-cache.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { appendMetrics, readMetrics, runFolder, samplePath, truncateMetricsAfter } from '../run-files.js';
import type { TaskContext } from '../tasks/task-context.js';
import type { TrainTask } from '../trainer-protocol.js';
import { realImageDiversity } from '../health/batch-diversity.js';
import { datasetSizeWarning } from '../health/dataset-size-warning.js';
import { HealthMonitor } from '../health/health-monitor.js';
import {
  NonFiniteState,
  readCheckpoint,
  readNewestCheckpoint,
  thinCheckpoints,
  writeCheckpoint,
  type CheckpointManifest,
} from './checkpoint-files.js';
import { DcganTrainer, type StepValues } from './dcgan-trainer.js';
import { downsampleImages, ImageBatches } from './image-batches.js';
import { gridPng, gridShape, toBytes } from './sample-grid.js';

export interface TrainDcganDeps {
  /** The training images (default: the dataset's training cache). */
  loadImages?: (task: TrainTask) => Promise<TrainingImages>;
  /** A loss above this (or NaN/∞) rolls back to the last good checkpoint. */
  explodingLoss?: number;
  /** Rollbacks allowed before the run fails. */
  maxRollbacks?: number;
  /** Called before each step: tests use it to break a step on purpose. */
  beforeStep?: (trainer: DcganTrainer) => void;
}

export interface TrainDcganResult {
  step: number;
  seconds: number;
  finished: boolean;
}

/** How often metrics are sent to the service and appended to metrics.jsonl. */
const flushIntervalMs = 500;

/**
 * The DCGAN training loop of one run (Goodfellow et al., Algorithm 1, with Radford et al.'s model):
 * everything it touches is injected, so tests run it in-process on tiny models. It writes the run's
 * curve, sample grids and checkpoints, resumes exactly from a checkpoint, rolls back when the
 * numbers go wrong, and on cancel saves a checkpoint of the last step before it stops.
 */
export async function trainDcgan(
  task: TrainTask,
  context: TaskContext,
  deps: TrainDcganDeps = {},
): Promise<TrainDcganResult> {
  const { emit, signal, clock } = context;
  const settings = task.settings;
  const runDir = runFolder(task.projectRoot, task.runId);
  const warn = (warning: HealthWarning) => {
    emit({ type: 'health', warning });
    emit({ type: 'warning', message: warning.message });
  };

  emit({ type: 'progress', progress: { fraction: null, message: 'Reading the training images' } });
  await mkdir(runDir, { recursive: true });
  const cache = await (deps.loadImages ?? readCache)(task);
  if (cache.size < settings.size) {
    throw new Error(
      `The dataset is cached at ${cache.size} px, smaller than the ${settings.size} px model. Set its training resolution to ${settings.size} px or more.`,
    );
  }
  if (cache.count < 2) throw new Error('The dataset needs at least two images to train on.');
  const images = downsampleImages(cache.images, cache.count, cache.size, settings.size);
  const realDiversity = realImageDiversity(images, cache.count, settings.seed);

  const trainer = new DcganTrainer(settings);
  const grid = gridShape(settings.size);
  const latents = trainer.fixedLatents(grid.count);
  const metricsEvery = Math.max(1, Math.round(settings.totalSteps / 5000));
  const monitor = new HealthMonitor({ settings });
  const pending: MetricPoint[] = [];
  let seconds = 0;
  let lastCheckpoint = -1;
  let rollbacks = 0;

  const restoreFrom = async (loaded: { manifest: CheckpointManifest; tensors: Map<string, tfjs.Tensor> }) => {
    try {
      const cursor = trainer.restore(loaded.manifest, loaded.tensors);
      seconds = loaded.manifest.seconds;
      lastCheckpoint = loaded.manifest.step;
      await truncateMetricsAfter(runDir, trainer.step);
      return cursor;
    } finally {
      context.tf.dispose([...loaded.tensors.values()]);
    }
  };
  const skipped = (problem: Error) =>
    emit({ type: 'warning', message: `${problem.message} Using the one before it.` });

  const flush = async () => {
    if (pending.length === 0) return;
    const points = pending.splice(0);
    await appendMetrics(runDir, points);
    emit({ type: 'metrics', points });
  };
  const sample = async () => {
    const generated = trainer.generate(latents);
    const values = await generated.data<'float32'>().finally(() => generated.dispose());
    const bytes = toBytes(values);
    await mkdir(dirname(samplePath(runDir, trainer.step)), { recursive: true });
    await writeFileAtomic(
      samplePath(runDir, trainer.step),
      await gridPng(bytes, grid.count, settings.size, grid.columns),
    );
    emit({ type: 'sample', step: trainer.step });
    for (const warning of monitor.observeSamples(trainer.step, values, grid.count, realDiversity))
      warn(warning);
  };
  /** Writes, reports and thins; a state with NaN or ∞ in it is not written but returned as such. */
  const checkpoint = async (): Promise<CheckpointInfo | NonFiniteState> => {
    await flush();
    const snapshot = trainer.snapshot();
    try {
      const info = await writeCheckpoint(
        runDir,
        {
          step: trainer.step,
          seconds,
          settings: trainer.settings,
          random: { seed: settings.seed, generation: trainer.generation, cursor: batches.cursor },
          optimizerSteps: snapshot.optimizerSteps,
        },
        snapshot.tensors,
      );
      lastCheckpoint = trainer.step;
      emit({ type: 'checkpoint', checkpoint: info });
      await thinCheckpoints(runDir, settings);
      return info;
    } catch (error) {
      if (error instanceof NonFiniteState) return error;
      throw error;
    } finally {
      snapshot.dispose();
    }
  };

  let batches: ImageBatches;
  try {
    if (task.resumeFrom === null) {
      batches = new ImageBatches(images, cache.count, settings.size, settings.seed);
      await truncateMetricsAfter(runDir, 0);
      await sample();
      const saved = await checkpoint();
      if (saved instanceof NonFiniteState) throw saved;
    } else {
      const loaded =
        task.resumeFrom === 'latest'
          ? await readNewestCheckpoint(runDir, skipped)
          : await readCheckpoint(runDir, task.resumeFrom);
      if (!loaded) throw new Error('This run has no checkpoint that can be read; start a new run.');
      batches = new ImageBatches(
        images,
        cache.count,
        settings.size,
        settings.seed,
        await restoreFrom(loaded),
      );
      // The monitor learns the curve so far, so a warning already given is not given again.
      for (const point of await readMetrics(runDir)) monitor.observe(point);
    }
    const augmentOn = settings.augment.translation || settings.augment.cutout || settings.augment.colour;
    const sizeWarning = datasetSizeWarning(cache.count, trainer.step, augmentOn);
    if (sizeWarning && task.resumeFrom === null) warn(sizeWarning);

    let interval: { values: StepValues[]; seconds: number } = { values: [], seconds: 0 };
    let imagesPerSecond = 0;
    let lastFlush = clock();

    /** Back to the newest checkpoint (always a good one: a non-finite state is never saved). */
    const rollBack = async (problem: string) => {
      rollbacks += 1;
      if (rollbacks > (deps.maxRollbacks ?? 3)) {
        throw new Error(
          `Training went numerically wrong ${rollbacks} times in a row (last: ${problem}). ` +
            `Lower the learning rates in Advanced settings and branch from the checkpoint at step ${lastCheckpoint}.`,
        );
      }
      pending.splice(0);
      interval = { values: [], seconds: 0 };
      const generation = trainer.generation;
      const loaded = await readNewestCheckpoint(runDir, skipped);
      if (!loaded)
        throw new Error('Training went numerically wrong and there is no checkpoint to roll back to.');
      batches.cursor = await restoreFrom(loaded);
      // New noise for the retried steps: the same noise would fail the same way.
      trainer.generation = Math.max(generation, trainer.generation) + 1;
      warn({
        code: 'rolled-back',
        step: trainer.step,
        message: `${problem.charAt(0).toUpperCase()}${problem.slice(1)}, so training went back to the checkpoint at step ${trainer.step} and goes on from there with fresh noise. If it happens again, lower the learning rates.`,
      });
    };

    while (trainer.step < settings.totalSteps) {
      await context.yieldToEventLoop();
      if (signal.aborted) break;
      deps.beforeStep?.(trainer);
      const started = clock();
      const values = await trainer.trainStep(batches);
      const took = (clock() - started) / 1000;

      if (!healthy(values, deps.explodingLoss ?? 50)) {
        await rollBack(`the losses became ${describe(values)} at step ${trainer.step}`);
        continue;
      }

      seconds += took;
      interval.values.push(values);
      interval.seconds += took;
      if (trainer.step % metricsEvery === 0) {
        imagesPerSecond =
          interval.seconds > 0 ? (interval.values.length * trainer.settings.batchSize) / interval.seconds : 0;
        const point: MetricPoint = {
          step: trainer.step,
          seconds,
          ...meanOf(interval.values),
          imagesPerSecond,
        };
        interval = { values: [], seconds: 0 };
        pending.push(point);
        for (const warning of monitor.observe(point)) warn(warning);
      }
      const left = settings.totalSteps - trainer.step;
      emit({
        type: 'progress',
        progress: {
          fraction: trainer.step / settings.totalSteps,
          message: `Step ${trainer.step} of ${settings.totalSteps} · ${imagesPerSecond.toFixed(0)} images/s`,
          done: trainer.step,
          total: settings.totalSteps,
          etaSeconds: imagesPerSecond > 0 ? (left * trainer.settings.batchSize) / imagesPerSecond : null,
        },
      });
      if (clock() - lastFlush >= flushIntervalMs) {
        lastFlush = clock();
        await flush();
      }
      const last = trainer.step === settings.totalSteps;
      if (trainer.step % settings.checkpointEvery === 0 || last) {
        const saved = await checkpoint();
        if (saved instanceof NonFiniteState) {
          await rollBack(`the ${partName(saved.tensorName)} became NaN or infinite by step ${saved.step}`);
          continue;
        }
        // A good checkpoint past the last rollback is progress: the count of failures starts again.
        rollbacks = 0;
      }
      if (trainer.step % settings.sampleEvery === 0 || last) await sample();
    }

    // Stopped between checkpoints: the last completed step goes on disk before the job ends.
    await flush();
    if (lastCheckpoint !== trainer.step) {
      const saved = await checkpoint();
      if (saved instanceof NonFiniteState) {
        emit({
          type: 'warning',
          message: `${saved.message} It was not saved; the run resumes from the checkpoint at step ${lastCheckpoint}.`,
        });
      } else if (trainer.step % settings.sampleEvery !== 0) {
        await sample();
      }
    }
    signal.throwIfAborted();
    return { step: trainer.step, seconds, finished: true };
  } finally {
    latents.dispose();
    trainer.dispose();
  }
}

function readCache(task: TrainTask): Promise<TrainingImages> {
  return readTrainingCache(task.projectRoot, task.datasetId, task.domain);
}

function healthy(values: StepValues, limit: number): boolean {
  return [values.dLoss, values.gLoss].every((value) => Number.isFinite(value) && Math.abs(value) <= limit);
}

/** Which part of the state a checkpoint tensor belongs to, in words (names as in DcganTrainer.snapshot). */
function partName(tensorName: string): string {
  const prefix = tensorName.split('/')[0];
  const names: Record<string, string> = {
    generator: 'generator',
    discriminator: 'discriminator',
    ema: 'generator’s moving average',
    'adam-generator': 'generator’s optimizer state',
    'adam-discriminator': 'discriminator’s optimizer state',
  };
  return (prefix && names[prefix]) ?? tensorName;
}

function describe(values: StepValues): string {
  const bad = [values.dLoss, values.gLoss].find((value) => !Number.isFinite(value));
  return bad === undefined
    ? `very large (D ${values.dLoss.toFixed(1)}, G ${values.gLoss.toFixed(1)})`
    : String(bad);
}

function meanOf(values: StepValues[]): StepValues {
  const mean = (pick: (v: StepValues) => number) =>
    values.reduce((sum, v) => sum + pick(v), 0) / values.length;
  return {
    dLoss: mean((v) => v.dLoss),
    gLoss: mean((v) => v.gLoss),
    dReal: mean((v) => v.dReal),
    dFake: mean((v) => v.dFake),
  };
}
