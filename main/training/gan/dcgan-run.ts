import type * as tf from '@tensorflow/tfjs';
import type { HealthWarning, TrainingSettings } from '../../contract/index.js';
import { realImageDiversity } from '../health/batch-diversity.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { CheckpointManifest } from './checkpoint-files.js';
import { DcganTrainer } from './dcgan-trainer.js';
import {
  checkImages,
  type GanModel,
  type ModelSnapshot,
  type OpenModel,
  type StepReport,
} from './gan-model.js';
import { downsampleImages, ImageBatches } from './image-batches.js';
import { gridPng, gridShape, toBytes } from './sample-grid.js';

/**
 * A DCGAN run: the trainer, its batches of the one training folder, and the fixed latents behind
 * every sample grid (so the grids of a run show the same seeds as it learns).
 */
export class DcganRun implements GanModel {
  private readonly latents: tf.Tensor2D;
  private readonly grid: { columns: number; count: number };

  constructor(
    readonly trainer: DcganTrainer,
    private readonly batches: ImageBatches,
    private readonly realDiversity: number,
  ) {
    this.grid = gridShape(trainer.settings.size);
    this.latents = trainer.fixedLatents(this.grid.count);
  }

  get settings(): TrainingSettings {
    return this.trainer.settings;
  }
  get step(): number {
    return this.trainer.step;
  }
  get generation(): number {
    return this.trainer.generation;
  }
  set generation(value: number) {
    this.trainer.generation = value;
  }
  get imagesPerStep(): number {
    return this.trainer.settings.batchSize;
  }
  get imageCount(): number {
    return this.batches.count;
  }
  get augmented(): boolean {
    const { augment } = this.trainer.settings;
    return augment.translation || augment.cutout || augment.colour;
  }

  trainStep(): Promise<StepReport> {
    return this.trainer.trainStep(this.batches);
  }

  async sample(monitor: HealthMonitor): Promise<{ png: Buffer; warnings: HealthWarning[] }> {
    const generated = this.trainer.generate(this.latents);
    const values = await generated.data<'float32'>().finally(() => generated.dispose());
    const png = await gridPng(toBytes(values), this.grid.count, this.settings.size, this.grid.columns);
    const warnings = monitor.observeSamples(this.step, values, this.grid.count, this.realDiversity);
    return { png, warnings };
  }

  snapshot(): ModelSnapshot {
    return { ...this.trainer.snapshot(), random: { cursor: this.batches.cursor } };
  }

  restore(manifest: CheckpointManifest, tensors: Map<string, tf.Tensor>): void {
    this.batches.cursor = this.trainer.restore(manifest, tensors);
  }

  dispose(): void {
    this.latents.dispose();
    this.trainer.dispose();
  }
}

export const openDcgan: OpenModel<DcganRun> = async (task, loadImages) => {
  const settings = task.settings;
  const cache = await loadImages(task, task.domain);
  checkImages(cache, settings.size);
  const images = downsampleImages(cache.images, cache.count, cache.size, settings.size);
  const realDiversity = realImageDiversity(images, cache.count, settings.seed);
  const batches = new ImageBatches(images, cache.count, settings.size, settings.seed);
  return new DcganRun(new DcganTrainer(settings), batches, realDiversity);
};
