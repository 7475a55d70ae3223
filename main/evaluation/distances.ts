import type { Features } from './feature-statistics.js';

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return sum;
}

export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.sqrt(squaredDistance(a, b));
}

export interface Nearest {
  /** Index in the reference set, −1 when it has none to offer. */
  index: number;
  distance: number;
}

/**
 * The nearest reference vector of each query. With `skipSame`, query i and reference i are the same
 * image (leave-one-out): its nearest other image is taken.
 */
export function nearestNeighbours(queries: Features, reference: Features, skipSame = false): Nearest[] {
  return queries.map((query, i) => {
    let best = { index: -1, distance: Infinity };
    reference.forEach((candidate, j) => {
      if (skipSame && i === j) return;
      const d = squaredDistance(query, candidate);
      if (d < best.distance) best = { index: j, distance: d };
    });
    return { index: best.index, distance: Math.sqrt(best.distance) };
  });
}

/** Mean Euclidean distance over all pairs of the set. */
export function meanPairwiseDistance(features: Features): number {
  let sum = 0;
  let pairs = 0;
  features.forEach((a, i) => {
    for (const b of features.slice(i + 1)) {
      sum += distance(a, b);
      pairs++;
    }
  });
  return pairs === 0 ? 0 : sum / pairs;
}

/** The q-quantile (0..1) of the values, linearly interpolated. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (at - low);
}
