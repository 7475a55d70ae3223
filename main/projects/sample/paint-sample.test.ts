import { describe, expect, it } from 'vitest';
import { paintSample } from './paint-sample.js';

function mean(pixels: Uint8Array): number {
  return pixels.reduce((sum, value) => sum + value, 0) / pixels.length;
}

describe('paintSample', () => {
  it('is deterministic: the same seed paints the same pixels', () => {
    expect(paintSample('shapes', 32, 7)).toEqual(paintSample('shapes', 32, 7));
    expect(paintSample('textures', 32, 7)).toEqual(paintSample('textures', 32, 7));
  });

  it('varies with the seed', () => {
    const images = Array.from({ length: 20 }, (_, seed) =>
      Buffer.from(paintSample('shapes', 32, seed)).toString('hex'),
    );
    expect(new Set(images).size).toBe(20);
  });

  it('never paints a blank image: every shape lands in the frame, every texture has ink', () => {
    for (const domain of ['shapes', 'textures'] as const) {
      for (let seed = 0; seed < 240; seed++) {
        const pixels = paintSample(domain, 64, seed);
        const ground = [pixels[0] ?? 0, pixels[1] ?? 0, pixels[2] ?? 0];
        let differing = 0;
        for (let i = 0; i < pixels.length; i += 3) {
          const distance = [0, 1, 2].reduce(
            (sum, c) => sum + Math.abs((pixels[i + c] ?? 0) - (ground[c] ?? 0)),
            0,
          );
          if (distance > 30) differing++;
        }
        expect(differing / (64 * 64), `${domain} seed ${seed}`).toBeGreaterThan(0.02);
      }
    }
  });

  it('paints two visibly different domains (warm shapes vs cool textures)', () => {
    const redMinusBlue = (domain: 'shapes' | 'textures') => {
      let total = 0;
      for (let seed = 0; seed < 20; seed++) {
        const pixels = paintSample(domain, 32, seed);
        for (let i = 0; i < pixels.length; i += 3) total += (pixels[i] ?? 0) - (pixels[i + 2] ?? 0);
      }
      return total;
    };
    expect(redMinusBlue('shapes')).toBeGreaterThan(0);
    expect(redMinusBlue('textures')).toBeLessThan(0);
    expect(mean(paintSample('textures', 32, 1))).toBeGreaterThan(20);
  });
});
