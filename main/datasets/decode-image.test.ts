import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, type DecodedImage, type DecodeOptions } from './decode-image.js';
import { writeBmp } from './test-support/bmp-writer.js';

const options: DecodeOptions = {
  minShortSide: 16,
  trainingSize: 32,
  workingSize: 128,
  background: '#ffffff',
};

function solid(width: number, height: number, rgb: [number, number, number]) {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
}

/** Red top half, blue bottom half. */
function halves(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++)
    pixels.set(i < (width * height) / 2 ? [255, 0, 0] : [0, 0, 255], i * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function decoded(bytes: Uint8Array, overrides: Partial<DecodeOptions> = {}): Promise<DecodedImage> {
  const result = await decodeImage(bytes, { ...options, ...overrides });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

const pixel = (image: DecodedImage, x: number, y: number) => {
  const at = (y * image.pixels.width + x) * 3;
  return [...image.pixels.data.subarray(at, at + 3)];
};

describe('decodeImage', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif'] as const)(
    'decodes %s to upright RGB',
    async (format) => {
      const bytes = await solid(80, 60, [200, 40, 40]).toFormat(format).toBuffer();
      const image = await decoded(bytes);
      expect(image).toMatchObject({ format, width: 80, height: 60 });
      expect(image.pixels).toMatchObject({ width: 80, height: 60 });
      expect(image.pixels.data.length).toBe(80 * 60 * 3);
      const [r, g, b] = pixel(image, 40, 30);
      expect(r).toBeGreaterThan(170);
      expect(g).toBeLessThan(80);
      expect(b).toBeLessThan(80);
    },
  );

  it('takes the first frame of an animated GIF', async () => {
    const black = await solid(40, 40, [0, 0, 0]).png().toBuffer();
    const white = await solid(40, 40, [255, 255, 255]).png().toBuffer();
    const animated = await sharp([black, white], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const image = await decoded(animated);
    expect([image.width, image.height]).toEqual([40, 40]);
    expect(pixel(image, 20, 20)).toEqual([0, 0, 0]);
  });

  it('decodes BMP with its own decoder', async () => {
    const bmp = writeBmp({
      width: 40,
      height: 40,
      bits: 24,
      pixel: (_x, y) => (y < 20 ? [255, 0, 0] : [0, 0, 255]),
    });
    const image = await decoded(bmp);
    expect(image).toMatchObject({ format: 'bmp', width: 40, height: 40 });
    expect(pixel(image, 5, 5)).toEqual([255, 0, 0]);
    expect(pixel(image, 5, 35)).toEqual([0, 0, 255]);
  });

  it('respects EXIF orientation (6: rotate a quarter turn clockwise)', async () => {
    const bytes = await halves(80, 40).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await decoded(bytes);
    expect([image.width, image.height]).toEqual([40, 80]);
    expect([image.pixels.width, image.pixels.height]).toEqual([40, 80]);
    // Turned clockwise, the red top half becomes the right half.
    expect(pixel(image, 35, 40)[0]).toBeGreaterThan(200);
    expect(pixel(image, 4, 40)[2]).toBeGreaterThan(200);
  });

  it('composites alpha on the background', async () => {
    const half = Buffer.alloc(40 * 40 * 4);
    for (let i = 0; i < 40 * 40; i++) half.set([255, 0, 0, i < 800 ? 0 : 255], i * 4);
    const png = await sharp(half, { raw: { width: 40, height: 40, channels: 4 } })
      .png()
      .toBuffer();
    const image = await decoded(png, { background: '#00ff00' });
    expect(pixel(image, 10, 5)).toEqual([0, 255, 0]); // transparent top: the background
    expect(pixel(image, 10, 35)).toEqual([255, 0, 0]); // opaque bottom: itself
  });

  it('makes grayscale, 16-bit and CMYK images 8-bit RGB', async () => {
    const gray = await decoded(await solid(40, 40, [90, 90, 90]).greyscale().png().toBuffer());
    expect(pixel(gray, 1, 1)).toEqual([90, 90, 90]);
    const deep = await decoded(
      await solid(40, 40, [10, 200, 30]).png({ palette: false }).toColourspace('rgb16').toBuffer(),
    );
    expect(deep.pixels.data.length).toBe(40 * 40 * 3);
    expect(pixel(deep, 1, 1)[1]).toBeGreaterThan(180);
    const cmyk = await decoded(await solid(40, 40, [0, 0, 255]).toColourspace('cmyk').jpeg().toBuffer());
    const [r, g, b] = pixel(cmyk, 20, 20);
    // Blue through a CMYK round trip: clearly blue, if not pure.
    expect((b ?? 0) - Math.max(r ?? 0, g ?? 0)).toBeGreaterThan(60);
  });

  it('shrinks a large image while decoding, keeping a short side of at least the working size', async () => {
    const image = await decoded(await solid(1600, 1200, [0, 100, 0]).jpeg().toBuffer());
    expect([image.width, image.height]).toEqual([1600, 1200]);
    expect(image.pixels.height).toBe(128);
    expect(image.pixels.width).toBeGreaterThanOrEqual(170);
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'empty', /0 bytes/],
    ['a text file', new TextEncoder().encode('hello, not a picture'), 'not-an-image', /not an image/],
    [
      'an SVG',
      new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'unsupported',
      /SVG is not supported/,
    ],
    [
      'a HEIC photo',
      new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0]),
      'unsupported',
      /HEIC/,
    ],
    ['a Photoshop file', new TextEncoder().encode('8BPS\0\x01rest of a psd'), 'unsupported', /Photoshop/],
  ] as const)('rejects %s with a reason', async (_label, bytes, kind, reason) => {
    expect(await decodeImage(bytes, options)).toMatchObject({
      ok: false,
      kind,
      reason: expect.stringMatching(reason),
    });
  });

  it('rejects truncated PNG and JPEG files as corrupt', async () => {
    const png = await halves(64, 64).png({ compressionLevel: 0 }).toBuffer();
    expect(await decodeImage(png.subarray(0, png.length >> 1), options)).toMatchObject({
      ok: false,
      kind: 'corrupt',
      reason: expect.stringMatching(/^truncated or corrupt PNG/),
    });
    const jpeg = await halves(64, 64).jpeg().toBuffer();
    expect(await decodeImage(jpeg.subarray(0, jpeg.length >> 1), options)).toMatchObject({
      ok: false,
      kind: 'corrupt',
    });
  });

  it('rejects an image whose short side is under half the training resolution, saying the sizes', async () => {
    const tiny = await solid(40, 12, [0, 0, 0]).png().toBuffer();
    expect(await decodeImage(tiny, options)).toMatchObject({
      ok: false,
      kind: 'too-small',
      reason: 'too small (40×12 px; at least 16 px on the short side for 32 px training)',
    });
    expect((await decodeImage(await solid(40, 16, [0, 0, 0]).png().toBuffer(), options)).ok).toBe(true);
  });

  it('calls a compressed BMP unsupported', async () => {
    const rle = writeBmp({ width: 20, height: 20, bits: 8, compression: 1, pixel: () => [0, 0, 0] });
    expect(await decodeImage(rle, options)).toMatchObject({
      ok: false,
      kind: 'unsupported',
      reason: expect.stringMatching(/RLE/),
    });
  });
});
