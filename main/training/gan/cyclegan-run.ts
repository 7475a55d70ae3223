import * as tf from '@tensorflow/tfjs';
import type { HealthWarning, TrainingSettings } from '../../contract/index.js';
import type { TrainingImages } from '../../datasets/training-cache.js';
import type { CheckpointManifest } from './checkpoint-files.js';
import { CycleganTrainer } from './cyclegan-trainer.js';
import {
  checkImages,
  type GanModel,
  type ModelSnapshot,
  type OpenModel,
  type StepReport,
} from './gan-model.js';
import { downsampleImages, ImageBatches } from './image-batches.js';
import { gridPng, toBytes } from './sample-grid.js';

/** Images of each domain kept out of training and shown, translated, in every sample image. */
export const heldOutPerDomain = 3;

/** A domain's images split into those trained on and the few held out for the sample rows. */
export interface DomainImages {
  train: Uint8Array;
  trainCount: number;
  heldOut: Uint8Array;
  heldOutCount: number;
}

/**
 * Holds the last few images of a domain out of training when there are enough (at least six per
 * held-out image); with fewer, the sample rows show training images, since every image is needed.
 */
export function splitHeldOut(images: Uint8Array, count: number, size: number): DomainImages {
  const pixels = size * size * 3;
  const heldOutCount = count >= heldOutPerDomain * 6 ? heldOutPerDomain : 0;
  const trainCount = count - heldOutCount;
  const shown = heldOutCount || Math.min(heldOutPerDomain, count);
  return {
    train: images.subarray(0, trainCount * pixels),
    trainCount,
    heldOut: images.subarray((count - shown) * pixels, count * pixels),
    heldOutCount: shown,
  };
}

/**
 * A CycleGAN run: the trainer, a batch stream per domain, and the sample image — for each shown
 * image of A and of B one row of real → translated → translated back (reconstructed), so the
 * time-machine shows both the translation and the cycle improving.
 */
export class CycleganRun implements GanModel {
  constructor(
    readonly trainer: CycleganTrainer,
    private readonly batchesA: ImageBatches,
    private readonly batchesB: ImageBatches,
    private readonly shownA: DomainImages,
    private readonly shownB: DomainImages,
  ) {}

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
    return Math.min(this.batchesA.count, this.batchesB.count);
  }
  get augmented(): boolean {
    return this.trainer.settings.cycle?.jitter ?? false;
  }

  async trainStep(): Promise<StepReport> {
    const batch = this.trainer.settings.batchSize;
    const nextA = this.batchesA.next(batch);
    const nextB = this.batchesB.next(batch);
    try {
      return await this.trainer.trainStep(nextA, nextB);
    } finally {
      tf.dispose([nextA, nextB]);
    }
  }

  async sample(): Promise<{ png: Buffer; warnings: HealthWarning[] }> {
    const size = this.settings.size;
    const rows = [...(await this.rows(this.shownA, 'AtoB')), ...(await this.rows(this.shownB, 'BtoA'))];
    const pixels = size * size * 3;
    const bytes = new Uint8Array(rows.length * 3 * pixels);
    rows.forEach((row, r) => row.forEach((image, c) => bytes.set(image, (r * 3 + c) * pixels)));
    return { png: await gridPng(bytes, rows.length * 3, size, 3), warnings: [] };
  }

  snapshot(): ModelSnapshot {
    return {
      ...this.trainer.snapshot(),
      random: { cursor: this.batchesA.cursor, cursorB: this.batchesB.cursor },
    };
  }

  restore(manifest: CheckpointManifest, tensors: Map<string, tf.Tensor>): void {
    this.trainer.restore(manifest, tensors);
    this.batchesA.cursor = manifest.random.cursor;
    this.batchesB.cursor = manifest.random.cursorB ?? { epoch: 0, position: 0 };
  }

  dispose(): void {
    this.trainer.dispose();
  }

  /** [real, translated, reconstructed] as RGB bytes for each shown image of one domain. */
  private async rows(shown: DomainImages, direction: 'AtoB' | 'BtoA'): Promise<Uint8Array[][]> {
    const size = this.settings.size;
    const back = direction === 'AtoB' ? 'BtoA' : 'AtoB';
    const real = tf.tidy(() =>
      tf.sub(
        tf.div(tf.tensor4d(shown.heldOut, [shown.heldOutCount, size, size, 3], 'int32').toFloat(), 127.5),
        1,
      ),
    ) as tf.Tensor4D;
    const translated = this.trainer.translate(real, direction);
    const reconstructed = this.trainer.translate(translated, back);
    try {
      const [a, b, c] = await Promise.all([real, translated, reconstructed].map((t) => t.data<'float32'>()));
      const pixels = size * size * 3;
      return Array.from({ length: shown.heldOutCount }, (_, i) =>
        [a, b, c].map((values) =>
          toBytes((values ?? new Float32Array()).subarray(i * pixels, (i + 1) * pixels)),
        ),
      );
    } finally {
      tf.dispose([real, translated, reconstructed]);
    }
  }
}

export const openCyclegan: OpenModel<CycleganRun> = async (task, loadImages) => {
  const settings = task.settings;
  const prepare = async (domain: 'A' | 'B') => {
    const cache: TrainingImages = await loadImages(task, domain);
    checkImages(cache, settings.size, `Domain ${domain}`);
    const images = downsampleImages(cache.images, cache.count, cache.size, settings.size);
    return splitHeldOut(images, cache.count, settings.size);
  };
  const shownA = await prepare('A');
  const shownB = await prepare('B');
  // Each domain's order from its own seed: A and B are unpaired, so they must not move in step.
  const batchesA = new ImageBatches(shownA.train, shownA.trainCount, settings.size, settings.seed);
  const batchesB = new ImageBatches(shownB.train, shownB.trainCount, settings.size, settings.seed + 1);
  return new CycleganRun(new CycleganTrainer(settings), batchesA, batchesB, shownA, shownB);
};
