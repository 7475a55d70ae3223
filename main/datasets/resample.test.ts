import { describe, expect, it } from 'vitest';
import { areaResample, boxShrink, resampleRegion, type RgbImage } from './resample.js';

function image(width: number, height: number, value: (x: number, y: number, c: number) => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value(x, y, c);
  return { data, width, height };
}

const whole = (source: RgbImage) => ({ left: 0, top: 0, width: source.width, height: source.height });

describe('resampleRegion', () => {
  it('averages whole blocks exactly when shrinking by a whole factor', () => {
    // 4x2 -> 2x1: each output pixel is the mean of a 2x2 block.
    const source = image(4, 2, (x, y, c) => ([10, 20, 30, 40][x] ?? 0) + y * 2 + c);
    const out = resampleRegion(source, whole(source), 2, 1);
    expect([...out]).toEqual([16, 17, 18, 36, 37, 38]);
  });

  it('averages the exact area each pixel covers for fractional factors', () => {
    // 3 columns -> 2: pixel 0 covers column 0 and half of column 1.
    const source = image(3, 1, (x) => [0, 90, 180][x] ?? 0);
    const out = resampleRegion(source, whole(source), 2, 1);
    expect(out[0]).toBe(30); // (0 * 1 + 90 * 0.5) / 1.5
    expect(out[3]).toBe(150); // (90 * 0.5 + 180 * 1) / 1.5
  });

  it('keeps a flat colour flat at any scale, up or down', () => {
    const flat = image(37, 23, (_x, _y, c) => [200, 100, 7][c] ?? 0);
    for (const [width, height] of [
      [10, 10],
      [64, 64],
      [5, 40],
      [37, 23],
    ] as const) {
      const out = resampleRegion(flat, whole(flat), width, height);
      for (let i = 0; i < out.length; i += 3) expect([out[i], out[i + 1], out[i + 2]]).toEqual([200, 100, 7]);
    }
  });

  it('interpolates linearly when enlarging, preserving a gradient order', () => {
    const ramp = image(4, 1, (x) => x * 80);
    const out = resampleRegion(ramp, whole(ramp), 8, 1);
    const reds = [...out].filter((_, i) => i % 3 === 0);
    expect(reds[0]).toBe(0);
    expect(reds.at(-1)).toBe(240);
    for (let i = 1; i < reds.length; i++) expect(reds[i] ?? 0).toBeGreaterThanOrEqual(reds[i - 1] ?? 0);
  });

  it('reads only the region asked for', () => {
    const left = image(4, 2, (x) => (x < 2 ? 0 : 255));
    const out = resampleRegion(left, { left: 2, top: 0, width: 2, height: 2 }, 1, 1);
    expect([...out]).toEqual([255, 255, 255]);
  });

  it('gives the same answer on the whole-factor fast path as the general one (within rounding)', () => {
    const noise = image(64, 48, (x, y, c) => (x * 31 + y * 17 + c * 7) % 256);
    const region = { left: 0, top: 0, width: 64, height: 48 };
    const fast = boxShrink(noise, region, 4, 3);
    const general = areaResample(noise, region, 16, 16);
    expect(fast.length).toBe(general.length);
    expect(Math.max(...fast.map((value, i) => Math.abs(value - (general[i] ?? 0))))).toBeLessThanOrEqual(1);
  });
});
