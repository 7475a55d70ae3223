import { describe, expect, it } from 'vitest';
import { UnsupportedBmp, decodeBmp } from './bmp-decoder.js';
import { writeBmp, type BmpSpec } from './test-support/bmp-writer.js';

/** Four quadrants: red, green / blue, white; with an odd width, so rows need padding. */
const quadrants = (x: number, y: number): [number, number, number] =>
  y < 2 ? (x < 3 ? [255, 0, 0] : [0, 255, 0]) : x < 3 ? [0, 0, 255] : [255, 255, 255];
const size = { width: 5, height: 4, pixel: quadrants };

function pixelsOf(bytes: Uint8Array) {
  const image = decodeBmp(bytes);
  const at = (x: number, y: number) => [
    ...image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3),
  ];
  return { image, at };
}

describe('decodeBmp', () => {
  it.each<[string, Omit<BmpSpec, 'width' | 'height' | 'pixel'>]>([
    ['24-bit bottom-up', { bits: 24 }],
    ['24-bit top-down', { bits: 24, topDown: true }],
    ['32-bit BI_RGB', { bits: 32 }],
    ['32-bit BI_BITFIELDS', { bits: 32, masks: [0x00ff0000, 0x0000ff00, 0x000000ff] }],
    [
      '32-bit BI_BITFIELDS in another channel order',
      { bits: 32, masks: [0x000000ff, 0x0000ff00, 0x00ff0000] },
    ],
    ['8-bit paletted bottom-up', { bits: 8 }],
    ['8-bit paletted top-down', { bits: 8, topDown: true }],
  ])('reads %s with rows the right way up', (_label, spec) => {
    const { image, at } = pixelsOf(writeBmp({ ...size, ...spec }));
    expect([image.width, image.height]).toEqual([5, 4]);
    expect(at(0, 0)).toEqual([255, 0, 0]);
    expect(at(4, 0)).toEqual([0, 255, 0]);
    expect(at(0, 3)).toEqual([0, 0, 255]);
    expect(at(4, 3)).toEqual([255, 255, 255]);
  });

  it('calls RLE-compressed files unsupported, not damaged', () => {
    expect(() => decodeBmp(writeBmp({ ...size, bits: 8, compression: 1 }))).toThrow(UnsupportedBmp);
  });

  it('calls a file cut short damaged', () => {
    const whole = writeBmp({ ...size, bits: 24 });
    expect(() => decodeBmp(whole.subarray(0, whole.length - 10))).toThrow(/cut off/);
    expect(() => decodeBmp(whole.subarray(0, 20))).toThrow(/cut off/);
  });

  it('refuses an implausible size', () => {
    const bytes = writeBmp({ ...size, bits: 24 });
    new DataView(bytes.buffer).setInt32(18, 0, true);
    expect(() => decodeBmp(bytes)).toThrow(/implausible/);
  });
});
