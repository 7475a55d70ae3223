import { nearestNeighbours, quantile } from './distances.js';
import type { Features } from './feature-statistics.js';

export interface MemorisationReport {
  /** Nearest training image of each generated sample, and its distance. */
  nearest: { sample: number; train: number; distance: number }[];
  /** Generated → nearest training image. */
  generatedToTrain: number[];
  /** Each real image → its nearest other training image (leave-one-out): how far apart distinct real images lie. */
  realToTrain: number[];
  /** Below this distance a sample counts as a copy. */
  copyThreshold: number;
  /** Indices of samples flagged as copies, closest first. */
  copies: number[];
  /** median(generated → train) / median(real → train): well below 1 means samples hug training images. */
  medianRatio: number;
}

/** A copy lies much closer to a training image than distinct real images lie to each other. */
const copyShareOfRealQuantile = 0.25;
/** Real images closer than this quantile are likely near duplicates in the dataset; they set the bar. */
const realQuantile = 0.05;

/**
 * Memorisation in feature space: for every generated sample its nearest training image, against the
 * same distance for real images among themselves. A sample closer than a quarter of the 5th percentile
 * of the real distances is flagged as a copy: no two distinct real images (but a few near duplicates)
 * are that close.
 */
export function memorisation(generated: Features, train: Features): MemorisationReport {
  if (train.length < 2) throw new Error('Memorisation needs at least 2 training images.');
  const toTrain = nearestNeighbours(generated, train);
  const realToTrain = nearestNeighbours(train, train, true).map((n) => n.distance);
  const copyThreshold = copyShareOfRealQuantile * quantile(realToTrain, realQuantile);
  const nearest = toTrain.map((n, sample) => ({ sample, train: n.index, distance: n.distance }));
  const copies = nearest
    .filter((n) => n.distance <= copyThreshold)
    .sort((a, b) => a.distance - b.distance)
    .map((n) => n.sample);
  const realMedian = quantile(realToTrain, 0.5);
  return {
    nearest,
    generatedToTrain: nearest.map((n) => n.distance),
    realToTrain,
    copyThreshold,
    copies,
    medianRatio:
      realMedian > 0
        ? quantile(
            nearest.map((n) => n.distance),
            0.5,
          ) / realMedian
        : Infinity,
  };
}
