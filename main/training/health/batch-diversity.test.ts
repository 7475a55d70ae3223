import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seeded-random.js';
import { batchDiversity, batchDiversityOfBytes, realImageDiversity } from './batch-diversity.js';

/** `count` images of `size` px, every value in [-1, 1]: `valueAt(image, y, x, channel)`. */
function images(
  count: number,
  size: number,
  valueAt: (n: number, y: number, x: number, c: number) => number,
) {
  const pixels = new Float32Array(count * size * size * 3);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++) pixels[((n * size + y) * size + x) * 3 + c] = valueAt(n, y, x, c);
  return pixels;
}

/** Images of flat 8×8-cell colour blocks around a grey, spread by `spread` (0 = all the same). */
function spreadImages(count: number, size: number, spread: number, seed = 7) {
  const random = seededRandom(seed);
  const cells = Array.from({ length: count * 64 * 3 }, () => random() * 2 - 1);
  const cell = size / 8;
  return images(
    count,
    size,
    (n, y, x, c) =>
      spread * (cells[((n * 8 + Math.floor(y / cell)) * 8 + Math.floor(x / cell)) * 3 + c] ?? 0),
  );
}

describe('batchDiversity', () => {
  it('is 0 for identical images', () => {
    const random = seededRandom(3);
    const one = Array.from({ length: 16 * 16 * 3 }, () => random() * 2 - 1);
    const copies = images(10, 16, (_, y, x, c) => one[(y * 16 + x) * 3 + c] ?? 0);
    expect(batchDiversity(copies, 10)).toBe(0);
  });

  it('is the RMS difference for flat images, averaged over pairs', () => {
    // Flat images at -1, 0 and 1: pair distances 1, 2 and 1.
    const levels = [-1, 0, 1];
    const flat = images(3, 16, (n) => levels[n] ?? 0);
    expect(batchDiversity(flat, 3)).toBeCloseTo(4 / 3, 6);
    expect(batchDiversity(flat.subarray(0, 2 * 16 * 16 * 3), 2)).toBeCloseTo(1, 6);
  });

  it('grows with the spread of the images', () => {
    const values = [0.05, 0.2, 0.5, 1].map((spread) => batchDiversity(spreadImages(12, 32, spread), 12));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1] ?? Infinity);
    // The distance is linear in the spread of flat-block images.
    expect((values[3] ?? 0) / (values[1] ?? 1)).toBeCloseTo(5, 4);
  });

  it('ignores pixel-level noise that averages out within a cell', () => {
    // A checkerboard and its inverse differ by 2 at every pixel but have the same 2×2 block means.
    const checker = images(2, 16, (n, y, x) => ((x + y + n) % 2 ? 1 : -1));
    expect(batchDiversity(checker, 2)).toBeCloseTo(0, 9);
  });

  it('compares images of any size the same way', () => {
    // Block layouts scaled up from 32 to 64 px have the same block means, hence the same diversity.
    expect(batchDiversity(spreadImages(6, 64, 0.7), 6)).toBeCloseTo(
      batchDiversity(spreadImages(6, 32, 0.7), 6),
      6,
    );
  });

  it('has no pairs to compare below two images, and rejects a shape that is not square RGB', () => {
    expect(batchDiversity(new Float32Array(16 * 16 * 3), 1)).toBe(0);
    expect(() => batchDiversity(new Float32Array(2 * 10 * 12 * 3), 2)).toThrow(RangeError);
    expect(() => batchDiversity(new Float32Array(100), 3)).toThrow(RangeError);
  });
});

describe('batchDiversityOfBytes', () => {
  it('measures bytes as the trainer sees them, in [-1, 1]', () => {
    const random = seededRandom(11);
    const bytes = Uint8Array.from({ length: 5 * 16 * 16 * 3 }, () => Math.floor(random() * 256));
    const floats = Float32Array.from(bytes, (b) => b / 127.5 - 1);
    expect(batchDiversityOfBytes(bytes, 5)).toBeCloseTo(batchDiversity(floats, 5), 5);
    const blackAndWhite = new Uint8Array(2 * 8 * 8 * 3).fill(255, 8 * 8 * 3);
    expect(batchDiversityOfBytes(blackAndWhite, 2)).toBeCloseTo(2, 9);
  });
});

describe('realImageDiversity', () => {
  const imageBytes = 16 * 16 * 3;

  it('uses every image of a small dataset', () => {
    const random = seededRandom(5);
    const bytes = Uint8Array.from({ length: 20 * imageBytes }, () => Math.floor(random() * 256));
    expect(realImageDiversity(bytes, 20)).toBe(batchDiversityOfBytes(bytes, 20));
  });

  it('estimates a large dataset from a seeded random subset, not its first images', () => {
    // 100 identical images first (a folder imported in order), then 100 varied ones.
    const random = seededRandom(9);
    const bytes = new Uint8Array(200 * imageBytes).fill(128);
    for (let i = 100 * imageBytes; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    const whole = batchDiversityOfBytes(bytes, 200);
    expect(batchDiversityOfBytes(bytes.subarray(0, 64 * imageBytes), 64)).toBe(0);
    const estimate = realImageDiversity(bytes, 200, 1);
    expect(estimate).toBeGreaterThan(whole * 0.75);
    expect(estimate).toBeLessThan(whole * 1.25);
    expect(realImageDiversity(bytes, 200, 1)).toBe(estimate);
  });
});
