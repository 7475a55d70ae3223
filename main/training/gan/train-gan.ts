import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { CheckpointInfo, HealthWarning, MetricPoint } from '../../contract/index.js';
import { readTrainingCache, type TrainingImages } from '../../datasets/training-cache.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { appendMetrics, readMetrics, runFolder, samplePath, truncateMetricsAfter } from '../run-files.js';
import type { TaskContext } from '../tasks/task-context.js';
import type { TrainTask } from '../trainer-protocol.js';
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
import type { GanModel, LoadImages, OpenModel, StepReport } from './gan-model.js';

export interface TrainGanDeps<M extends GanModel = GanModel> {
  /** The training images of a domain (default: the dataset's training cache). */
  loadImages?: LoadImages;
  /** A loss above this (or NaN/∞) rolls back to the last good checkpoint. */
  explodingLoss?: number;
  /** Rollbacks allowed before the run fails. */
  maxRollbacks?: number;
  /** Called before each step: tests use it to break a step on purpose. */
  beforeStep?: (model: M) => void;
}

export interface TrainGanResult {
  step: number;
  seconds: number;
  finished: boolean;
}

/** How often metrics are sent to the service and appended to metrics.jsonl. */
const flushIntervalMs = 500;

/**
 * The training loop of one run, for any GanModel (DCGAN, CycleGAN): everything it touches is
 * injected, so tests run it in-process on tiny models. It writes the run's curve, sample images and
 * checkpoints, resumes exactly from a checkpoint, rolls back when the numbers go wrong, and on
 * cancel saves a checkpoint of the last step before it stops.
 */
export async function trainGan<M extends GanModel>(
  task: TrainTask,
  context: TaskContext,
  open: OpenModel<M>,
  deps: TrainGanDeps<M> = {},
): Promise<TrainGanResult> {
  const { emit, signal, clock } = context;
  const settings = task.settings;
  const runDir = runFolder(task.projectRoot, task.runId);
  const warn = (warning: HealthWarning) => {
    emit({ type: 'health', warning });
    emit({ type: 'warning', message: warning.message });
  };

  emit({ type: 'progress', progress: { fraction: null, message: 'Reading the training images' } });
  await mkdir(runDir, { recursive: true });
  const trainer = await open(task, deps.loadImages ?? readCache, (message) =>
    emit({ type: 'warning', message }),
  );
  const metricsEvery = Math.max(1, Math.round(settings.totalSteps / 5000));
  const monitor = new HealthMonitor({ settings });
  const pending: MetricPoint[] = [];
  let seconds = 0;
  let lastCheckpoint = -1;
  let rollbacks = 0;

  const restoreFrom = async (loaded: { manifest: CheckpointManifest; tensors: Map<string, tfjs.Tensor> }) => {
    try {
      trainer.restore(loaded.manifest, loaded.tensors);
      seconds = loaded.manifest.seconds;
      lastCheckpoint = loaded.manifest.step;
      await truncateMetricsAfter(runDir, trainer.step);
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
    const { png, warnings } = await trainer.sample(monitor);
    await mkdir(dirname(samplePath(runDir, trainer.step)), { recursive: true });
    await writeFileAtomic(samplePath(runDir, trainer.step), png);
    emit({ type: 'sample', step: trainer.step });
    for (const warning of warnings) warn(warning);
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
          random: { seed: settings.seed, generation: trainer.generation, ...snapshot.random },
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

  try {
    if (task.resumeFrom === null) {
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
      await restoreFrom(loaded);
      // The monitor learns the curve so far, so a warning already given is not given again.
      for (const point of await readMetrics(runDir)) monitor.observe(point);
    }
    const sizeWarning = datasetSizeWarning(trainer.imageCount, trainer.step, trainer.augmented);
    if (sizeWarning && task.resumeFrom === null) warn(sizeWarning);

    let interval: { values: StepReport[]; seconds: number } = { values: [], seconds: 0 };
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
      await restoreFrom(loaded);
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
      const values = await trainer.trainStep();
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
          interval.seconds > 0 ? (interval.values.length * trainer.imagesPerStep) / interval.seconds : 0;
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
          etaSeconds: imagesPerSecond > 0 ? (left * trainer.imagesPerStep) / imagesPerSecond : null,
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
    trainer.dispose();
  }
}

function readCache(task: TrainTask, domain: TrainTask['domain']): Promise<TrainingImages> {
  return readTrainingCache(task.projectRoot, task.datasetId, domain);
}

function healthy(values: StepReport, limit: number): boolean {
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
    'generator-ab': 'A→B generator',
    'generator-ba': 'B→A generator',
    'discriminator-a': 'A discriminator',
    'discriminator-b': 'B discriminator',
    'pool-a': 'A image pool',
    'pool-b': 'B image pool',
  };
  return (prefix && names[prefix]) ?? tensorName;
}

function describe(values: StepReport): string {
  const bad = [values.dLoss, values.gLoss].find((value) => !Number.isFinite(value));
  return bad === undefined
    ? `very large (D ${values.dLoss.toFixed(1)}, G ${values.gLoss.toFixed(1)})`
    : String(bad);
}

function meanOf(values: StepReport[]): StepReport {
  const mean = (pick: (v: StepReport) => number) =>
    values.reduce((sum, v) => sum + pick(v), 0) / values.length;
  const names = Object.keys(values[0]?.losses ?? {});
  return {
    dLoss: mean((v) => v.dLoss),
    gLoss: mean((v) => v.gLoss),
    dReal: mean((v) => v.dReal),
    dFake: mean((v) => v.dFake),
    ...(names.length > 0
      ? { losses: Object.fromEntries(names.map((name) => [name, mean((v) => v.losses?.[name] ?? NaN)])) }
      : {}),
  };
}
