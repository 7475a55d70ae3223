import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { captionHeight, contactSheet, sheetSize } from './contact-sheet.js';
import { resizeRgb } from './resize-image.js';

const cell = (size: number, rgb: [number, number, number]) => {
  const pixels = new Uint8Array(size * size * 3);
  for (let i = 0; i < pixels.length; i += 3) pixels.set(rgb, i);
  return pixels;
};

const pixelAt = (data: Buffer, width: number, x: number, y: number) =>
  Array.from(data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));

describe('contact sheets', () => {
  it('lays cells out in rows with spacing on the background', async () => {
    const cells = [cell(10, [255, 0, 0]), cell(10, [0, 255, 0]), cell(10, [0, 0, 255])];
    const layout = { columns: 2, spacing: 4, background: '#102030', captions: null };
    const png = await contactSheet(cells, 10, layout);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([2 * 10 + 3 * 4, 2 * 10 + 3 * 4]);
    expect(sheetSize(3, 10, layout)).toEqual({ width: info.width, height: info.height });
    expect(pixelAt(data, info.width, 0, 0)).toEqual([0x10, 0x20, 0x30]);
    expect(pixelAt(data, info.width, 4, 4)).toEqual([255, 0, 0]);
    expect(pixelAt(data, info.width, 4 + 10 + 4, 4)).toEqual([0, 255, 0]);
    expect(pixelAt(data, info.width, 4, 4 + 10 + 4 + 9)).toEqual([0, 0, 255]);
    // The empty fourth place is background.
    expect(pixelAt(data, info.width, 20, 20)).toEqual([0x10, 0x20, 0x30]);
  });

  it('writes captions under the cells when asked', async () => {
    const cells = [cell(64, [90, 90, 90]), cell(64, [90, 90, 90])];
    const layout = { columns: 2, spacing: 6, background: '#000000', captions: ['seed 7', 'seed 8'] };
    const png = await contactSheet(cells, 64, layout);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.height).toBe(64 + captionHeight(64) + 3 + 12);
    // Light text on black: some pixels in the caption band are bright.
    let lit = 0;
    for (let y = 6 + 64 + 3; y < info.height - 6; y++)
      for (let x = 0; x < info.width; x++) if ((pixelAt(data, info.width, x, y)[0] ?? 0) > 120) lit++;
    expect(lit).toBeGreaterThan(20);
  });
});

describe('upscaling', () => {
  it('nearest keeps hard pixel edges; Lanczos makes in-between values', async () => {
    // A 2×2 checkerboard of black and white.
    const board = Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0]);
    const nearest = await resizeRgb(board, 2, 8, 'nearest');
    expect(nearest.length).toBe(8 * 8 * 3);
    expect(new Set(nearest)).toEqual(new Set([0, 255]));
    expect(Array.from(nearest.subarray(0, 12))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const smooth = await resizeRgb(board, 2, 8, 'lanczos');
    expect([...new Set(smooth)].some((v) => v > 20 && v < 235)).toBe(true);
    expect(await resizeRgb(board, 2, 2, 'lanczos')).toBe(board);
  });
});
