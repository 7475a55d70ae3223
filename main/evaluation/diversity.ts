import { seededRandom } from '../random/seeded-random.js';
import { squaredDistance } from './distances.js';
import type { Features } from './feature-statistics.js';

export interface SupportEstimate {
  /** The smallest batch size where half the batches hold a duplicate pair, or null if none up to all samples did. */
  batchSize: number | null;
  /** About batchSize² distinct images (Arora and Zhang); with no duplicates found, more than samples². */
  support: number;
  /** True when no batch size reached one half: `support` is then a lower bound. */
  atLeast: boolean;
  /** P(duplicate in a batch) for each batch size tried. */
  curve: { batchSize: number; probability: number }[];
}

const batchSizes = [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

/**
 * The birthday-paradox test of Arora and Zhang (2017): if batches of s samples hold a (near) duplicate
 * pair with probability ≥ ½, the generator's support is about s² images. Duplicates are pairs closer
 * than `duplicateDistance` in feature space; probabilities are estimated from `trials` random batches.
 */
export function birthdaySupport(
  features: Features,
  duplicateDistance: number,
  options: { trials?: number; seed?: number } = {},
): SupportEstimate {
  const n = features.length;
  const trials = options.trials ?? 64;
  const random = seededRandom(options.seed ?? 1);
  const limit = duplicateDistance ** 2;
  const duplicate = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (squaredDistance(features[i] ?? [], features[j] ?? []) <= limit) {
        duplicate[i * n + j] = 1;
        duplicate[j * n + i] = 1;
      }
    }
  }
  const curve: SupportEstimate['curve'] = [];
  const order = Array.from({ length: n }, (_, i) => i);
  for (const s of [...batchSizes.filter((size) => size < n), n]) {
    if (s < 2) break;
    let hits = 0;
    for (let t = 0; t < trials; t++) {
      // A partial Fisher–Yates shuffle draws s distinct samples.
      for (let i = 0; i < s; i++) {
        const j = i + Math.floor(random() * (n - i));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      if (hasDuplicate(order, s, duplicate, n)) hits++;
    }
    const probability = hits / trials;
    curve.push({ batchSize: s, probability });
    if (probability >= 0.5) return { batchSize: s, support: s * s, atLeast: false, curve };
  }
  return { batchSize: null, support: n * n, atLeast: true, curve };
}

function hasDuplicate(order: readonly number[], s: number, duplicate: Uint8Array, n: number): boolean {
  for (let a = 0; a < s; a++) {
    const i = order[a] ?? 0;
    for (let b = a + 1; b < s; b++) if (duplicate[i * n + (order[b] ?? 0)]) return true;
  }
  return false;
}
