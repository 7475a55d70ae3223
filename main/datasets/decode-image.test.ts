import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, type DecodedImage, type DecodeSettings } from './decode-image.js';

const settings: DecodeSettings = { resolution: 32, fit: 'crop', background: '#ffffff' };

function solid(width: number, height: number, rgb: [number, number, number]) {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
}

async function decoded(bytes: Uint8Array, overrides: Partial<DecodeSettings> = {}): Promise<DecodedImage> {
  const result = await decodeImage(bytes, { ...settings, ...overrides });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** A 24-bit bottom-up BMP, written by hand: red in the top half, blue below. */
function bmp(width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    const fileRow = height - 1 - y; // bottom-up
    for (let x = 0; x < width; x++) {
      const at = 54 + fileRow * rowBytes + x * 3;
      bytes.set(y < height / 2 ? [0, 0, 255] : [255, 0, 0], at); // BGR
    }
  }
  return bytes;
}

describe('decodeImage', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif'] as const)(
    'decodes %s to RGB at training resolution',
    async (format) => {
      const bytes = await solid(80, 60, [200, 40, 40]).toFormat(format).toBuffer();
      const image = await decoded(bytes);
      expect(image).toMatchObject({ format, width: 80, height: 60 });
      expect(image.training.length).toBe(32 * 32 * 3);
      expect(image.training[0]).toBeGreaterThan(150);
      expect(image.gray32.length).toBe(1024);
      expect((await sharp(image.thumbnail).metadata()).format).toBe('jpeg');
    },
  );

  it('decodes a BMP with its own decoder, rows the right way up', async () => {
    const image = await decoded(bmp(40, 40), { fit: 'stretch' });
    expect(image.format).toBe('bmp');
    expect([image.training[0], image.training[2]]).toEqual([255, 0]); // top-left is red
    const bottom = 31 * 32 * 3;
    expect([image.training[bottom], image.training[bottom + 2]]).toEqual([0, 255]);
  });

  it('respects EXIF orientation', async () => {
    const bytes = await solid(80, 40, [0, 0, 0]).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await decoded(bytes)).toMatchObject({ width: 40, height: 80 });
  });

  it('composites alpha on the dataset background', async () => {
    const transparent = await sharp({
      create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const onGreen = await decoded(transparent, { background: '#00ff00' });
    expect([...onGreen.training.subarray(0, 3)]).toEqual([0, 255, 0]);
  });

  it('makes grayscale RGB', async () => {
    const gray = await solid(40, 40, [90, 90, 90]).greyscale().png().toBuffer();
    const image = await decoded(gray);
    expect(image.training.length).toBe(32 * 32 * 3);
  });

  it('pads with the background in pad mode', async () => {
    const wide = await solid(80, 40, [0, 0, 0]).png().toBuffer();
    const image = await decoded(wide, { fit: 'pad', background: '#ff0000' });
    expect([...image.training.subarray(0, 3)]).toEqual([255, 0, 0]); // top row is padding
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'empty', /0 bytes/],
    ['a text file', new TextEncoder().encode('hello, not a picture'), 'not-an-image', /not an image/],
    ['an SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'unsupported', /SVG/],
  ] as const)('rejects %s with a reason', async (_label, bytes, kind, reason) => {
    expect(await decodeImage(bytes, settings)).toMatchObject({
      ok: false,
      kind,
      reason: expect.stringMatching(reason),
    });
  });

  it('rejects a truncated PNG and a too-small image', async () => {
    const png = await solid(64, 64, [10, 200, 10]).png({ compressionLevel: 0 }).toBuffer();
    expect(await decodeImage(png.subarray(0, png.length / 2), settings)).toMatchObject({
      ok: false,
      kind: 'corrupt',
    });
    const tiny = await solid(8, 8, [0, 0, 0]).png().toBuffer();
    expect(await decodeImage(tiny, settings)).toMatchObject({
      ok: false,
      kind: 'too-small',
      reason: expect.stringMatching(/8×8 px; at least 16 px/),
    });
  });
});
