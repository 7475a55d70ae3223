import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { headerSize } from './image-header.js';

const picture = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } });

describe('headerSize', () => {
  it.each([
    ['png', () => picture(37, 21).png().toBuffer()],
    ['gif', () => picture(37, 21).gif().toBuffer()],
    ['jpeg', () => picture(37, 21).jpeg().toBuffer()],
    ['jpeg', () => picture(37, 21).jpeg({ progressive: true }).withMetadata({ orientation: 6 }).toBuffer()],
    ['webp', () => picture(37, 21).webp().toBuffer()],
    ['webp', () => picture(37, 21).webp({ lossless: true }).toBuffer()],
    ['webp', () => picture(37, 21, 4).webp().toBuffer()],
  ] as const)('reads the stored size of %s as sharp does', async (format, make) => {
    const bytes = await make();
    const meta = await sharp(bytes).metadata();
    expect(headerSize(bytes, format)).toEqual({ width: meta.width, height: meta.height });
    expect(meta.width).toBe(37);
  });

  it('gives null for a cut-off header or a format it does not read', async () => {
    const jpeg = await picture(37, 21).jpeg().toBuffer();
    expect(headerSize(jpeg.subarray(0, 30), 'jpeg')).toBeNull();
    expect(headerSize(new Uint8Array(10), 'png')).toBeNull();
    expect(headerSize(await picture(8, 8).tiff().toBuffer(), 'tiff')).toBeNull();
  });
});
