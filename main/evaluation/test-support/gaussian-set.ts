import { normalFrom } from '../../random/counter-random.js';
import { seededRandom } from '../../random/seeded-random.js';

/** `count` vectors of N(mean, scale²) in `dimension` dimensions, from a seed: constructed test sets. */
export function gaussianSet(
  count: number,
  dimension: number,
  seed: number,
  mean = 0,
  scale = 1,
): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: dimension }, () => mean + scale * normalFrom(random)),
  );
}

/** items[i], which a test knows is there (lint forbids `!`). */
export function at<T>(items: ArrayLike<T>, i: number): T {
  const value = items[i];
  if (value === undefined) throw new Error(`No item at ${i}.`);
  return value;
}
