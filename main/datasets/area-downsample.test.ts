import { describe, expect, it } from 'vitest';
import { centreCropAreaDownsample } from './area-downsample.js';

describe('centreCropAreaDownsample', () => {
  it('averages each block and crops the long side around the centre', () => {
    // 6x4 image: columns 0 and 5 are cropped away; the rest is 2x2 blocks of known values.
    const width = 6;
    const height = 4;
    const rgb = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const value = x === 0 || x === 5 ? 255 : (x < 3 ? 10 : 50) + (y < 2 ? 0 : 100) + ((x + y) % 2);
        rgb.set([value, value, value], (y * width + x) * 3);
      }
    }
    const out = centreCropAreaDownsample(rgb, width, height, 2);
    expect(out && [...out.filter((_, i) => i % 3 === 0)]).toEqual([11, 51, 111, 151]);
  });

  it('declines sizes that are not an integer reduction', () => {
    expect(centreCropAreaDownsample(new Uint8Array(5 * 5 * 3), 5, 5, 2)).toBeNull();
  });
});
