import type { HealthWarning } from '../../contract/index.js';
import { smallDatasetMessage } from './health-messages.js';

/**
 * Below this many images a GAN tends to memorise its training set. Zhao et al. (2020, DiffAugment)
 * train on 100-image sets only with augmentation, and Karras et al. (2020, ADA) see the discriminator
 * overfit well above that without it; 100 is where even augmentation is at its limit. (The dataset
 * view's gentler advice starts at 500 images.)
 */
export const smallDatasetImages = 100;

/**
 * The warning a run gives when it starts on a small dataset, or null when the dataset is big enough.
 * `augmentOn` tailors the advice when the caller knows the run's settings.
 */
export function datasetSizeWarning(count: number, step: number, augmentOn?: boolean): HealthWarning | null {
  if (count >= smallDatasetImages) return null;
  return { code: 'small-dataset', step, message: smallDatasetMessage(count, augmentOn) };
}
