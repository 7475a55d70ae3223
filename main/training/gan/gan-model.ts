import type * as tf from '@tensorflow/tfjs';
import type { HealthWarning, TrainingSettings } from '../../contract/index.js';
import type { TrainingImages } from '../../datasets/training-cache.js';
import type { TrainTask } from '../trainer-protocol.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { CheckpointManifest, CheckpointMeta, NamedTensor } from './checkpoint-files.js';

/** One step's numbers as the dashboard plots them. */
export interface StepReport {
  /** The discriminators' and generators' total losses. */
  dLoss: number;
  gLoss: number;
  /** D's mean judgement of real and of generated images (as probabilities, or LSGAN scores near 0..1). */
  dReal: number;
  dFake: number;
  /** Each named loss, for models with more than two. */
  losses?: Record<string, number>;
}

/** A model's whole state, read for a checkpoint before the next step changes it. */
export interface ModelSnapshot {
  tensors: NamedTensor[];
  optimizerSteps: CheckpointMeta['optimizerSteps'];
  random: Omit<CheckpointMeta['random'], 'seed' | 'generation'>;
  dispose: () => void;
}

/**
 * A GAN in training, as the training loop sees it (ARCHITECTURE.md: "a model is described by what
 * it reports"): it steps, draws its sample image, and puts its state in and out of checkpoints. One
 * loop, one checkpoint format and one dashboard then serve DCGAN and CycleGAN alike.
 */
export interface GanModel {
  readonly settings: TrainingSettings;
  /** Completed steps. */
  readonly step: number;
  /** Raised at each rollback, so the retried steps draw new noise. */
  generation: number;
  /** Images per step, for images per second. */
  readonly imagesPerStep: number;
  /** Training images (per domain, the smaller), and whether augmentation stretches them. */
  readonly imageCount: number;
  readonly augmented: boolean;
  /** One training step on the next batch; reads the losses back. */
  trainStep(): Promise<StepReport>;
  /** The run's sample image at this step (PNG), and the warnings its look gives rise to. */
  sample(monitor: HealthMonitor): Promise<{ png: Buffer; warnings: HealthWarning[] }>;
  snapshot(): ModelSnapshot;
  /** Puts a checkpoint's state back; the tensors stay the caller's to dispose. */
  restore(manifest: CheckpointManifest, tensors: Map<string, tf.Tensor>): void;
  dispose(): void;
}

/** Reads one domain's training images ('main' for a DCGAN, 'A' and 'B' for a CycleGAN). */
export type LoadImages = (task: TrainTask, domain: TrainTask['domain']) => Promise<TrainingImages>;

/** Builds a model for a task: fresh weights, ready to train or to take a checkpoint's state. */
export type OpenModel<M extends GanModel> = (
  task: TrainTask,
  loadImages: LoadImages,
  report: (message: string) => void,
) => Promise<M>;

/** The training images at the model's size, with the checks every model needs. */
export function checkImages(cache: TrainingImages, size: number, what = 'The dataset'): void {
  if (cache.size < size) {
    throw new Error(
      `${what} is cached at ${cache.size} px, smaller than the ${size} px model. Set its training resolution to ${size} px or more.`,
    );
  }
  if (cache.count < 2) throw new Error(`${what} needs at least two images to train on.`);
}
