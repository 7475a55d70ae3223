import { seededRandom } from './seeded-random.js';

/**
 * Randomness as a function of (seed, counters…), the counter-based idea of Salmon et al. (2011,
 * "Parallel random numbers: as easy as 1, 2, 3"): the noise of training step 1234 is derived from
 * (seed, 1234), so there is no generator state to save — a checkpoint that records its step resumes
 * with exactly the noise an uninterrupted run would have drawn.
 */
export function randomFor(seed: number, ...counters: number[]): () => number {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) >>> 0;
  for (const counter of counters) {
    // Split into two 32-bit halves so step counts above 2^32 still differ.
    for (const part of [counter >>> 0, Math.floor(counter / 2 ** 32) >>> 0]) {
      h = Math.imul(h ^ part, 0x85ebca6b) >>> 0;
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
      h = (h ^ (h >>> 16)) >>> 0;
    }
  }
  return seededRandom(h);
}

/** A 31-bit seed for tfjs's seeded ops (tf.randomNormal), from the same counters. */
export function seedFor(seed: number, ...counters: number[]): number {
  return Math.floor(randomFor(seed, ...counters)() * 2 ** 31);
}

/** A standard normal draw (Box–Muller) from a uniform source. */
export function normalFrom(uniform: () => number): number {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
