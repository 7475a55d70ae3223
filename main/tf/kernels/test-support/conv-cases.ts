import { expect } from 'vitest';
import { seededRandom } from '../../../random/seeded-random.js';

/** Shared by the kernel exactness tests: random convolution cases and error measurement. */
export type Pad = 'same' | 'valid';
export interface ConvCase {
  x: [number, number, number, number];
  kernel: [number, number];
  outChannels: number;
  strides: [number, number];
  pad: Pad;
}

const strideChoices: Array<[number, number]> = [
  [1, 1],
  [2, 2],
  [2, 1],
  [1, 2],
];

/** Every stride and padding combination, with random (often odd, so unevenly padded) sizes; seeded to replay. */
export function randomCases(count: number, seed: number): ConvCase[] {
  const random = seededRandom(seed);
  const pick = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  return Array.from({ length: count }, (_, i) => ({
    x: [pick(1, 3), pick(4, 12), pick(4, 12), pick(1, 5)],
    kernel: [pick(1, 4), pick(1, 4)],
    outChannels: pick(1, 6),
    strides: strideChoices[i % strideChoices.length] ?? [1, 1],
    pad: Math.floor(i / strideChoices.length) % 2 === 0 ? 'same' : 'valid',
  }));
}

export function randomValues(size: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

export const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function maxError(
  expected: Float32Array | Int32Array | Uint8Array,
  actual: Float32Array | Int32Array | Uint8Array,
): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs((expected[i] ?? 0) - (actual[i] ?? 0)));
  return worst;
}
