import { describe, expect, it } from 'vitest';
import { fitInside, fitToSquare, luma32, meanColor, parseHexColor } from './fit-image.js';
import type { RgbImage } from './resample.js';

/** 8x4: left half red, right half blue. */
function wide(): RgbImage {
  const data = new Uint8Array(8 * 4 * 3);
  for (let y = 0; y < 4; y++)
    for (let x = 0; x < 8; x++) data.set(x < 4 ? [255, 0, 0] : [0, 0, 255], (y * 8 + x) * 3);
  return { data, width: 8, height: 4 };
}

const at = (rgb: Uint8Array, size: number, x: number, y: number) => [
  ...rgb.subarray((y * size + x) * 3, (y * size + x) * 3 + 3),
];
const green = parseHexColor('#00ff00');

describe('fitToSquare', () => {
  it('crop: takes the centre square (cover)', () => {
    const out = fitToSquare(wide(), 4, 'crop', green);
    expect(at(out, 4, 0, 0)).toEqual([255, 0, 0]);
    expect(at(out, 4, 3, 3)).toEqual([0, 0, 255]);
    expect(out.some((_, i) => i % 3 === 1 && out[i] !== 0)).toBe(false); // no background anywhere
  });

  it('pad: fits the whole image inside, on the background (contain)', () => {
    const out = fitToSquare(wide(), 8, 'pad', green);
    expect(at(out, 8, 0, 0)).toEqual([0, 255, 0]); // above the picture
    expect(at(out, 8, 0, 7)).toEqual([0, 255, 0]); // below it
    expect(at(out, 8, 0, 3)).toEqual([255, 0, 0]);
    expect(at(out, 8, 7, 4)).toEqual([0, 0, 255]);
  });

  it('stretch: squashes the whole image into the square (fill)', () => {
    const out = fitToSquare(wide(), 4, 'stretch', green);
    expect(at(out, 4, 0, 0)).toEqual([255, 0, 0]);
    expect(at(out, 4, 1, 3)).toEqual([255, 0, 0]);
    expect(at(out, 4, 3, 0)).toEqual([0, 0, 255]);
  });
});

describe('thumbnail and hash inputs', () => {
  it('fits inside a box without enlarging', () => {
    expect(fitInside(wide(), 4)).toMatchObject({ width: 4, height: 2 });
    expect(fitInside(wide(), 128)).toMatchObject({ width: 8, height: 4 });
  });

  it('takes 32x32 luma of the whole image and the mean colour', () => {
    const luma = luma32(wide());
    expect(luma.length).toBe(1024);
    expect(luma[0]).toBe(76); // red: 0.299 * 255
    expect(luma[31]).toBe(29); // blue: 0.114 * 255
    expect(meanColor(wide().data)).toEqual([128, 0, 128]);
  });
});
