import sharp from 'sharp';
import type { FixtureFile } from '../pages/dataset-page.js';

/** A 96 px picture that differs clearly from every other seed (stripes, blocks and colour all change). */
function picture(seed: number): ReturnType<typeof sharp> {
  const size = 96;
  const pixels = Buffer.alloc(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const x = i % size;
    const y = Math.floor(i / size);
    const stripe = Math.floor((x * (seed + 1) + y * (3 - (seed % 3))) / 12) % 2;
    const block = ((x >> 4) + (y >> 4) + seed) % 3 === 0;
    pixels[i * 3] = stripe ? (60 + seed * 45) % 256 : 230;
    pixels[i * 3 + 1] = block ? 200 : (x * 2 + seed * 30) % 256;
    pixels[i * 3 + 2] = (y * 2 + seed * 70) % 256;
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } });
}

const base64 = (bytes: Buffer) => bytes.toString('base64');

/**
 * A folder as an artist might drop it: five good pictures (PNG and JPEG, one in a subfolder), an exact
 * copy of one under another name, and one of each kind of broken file, with the reason each should
 * be rejected for.
 */
export async function mothsFolder(): Promise<{
  files: FixtureFile[];
  good: number;
  rejected: Array<{ path: string; reason: RegExp }>;
}> {
  const first = await picture(0).png().toBuffer();
  const whole = await picture(9).png({ compressionLevel: 0 }).toBuffer();
  const files: FixtureFile[] = [
    { relativePath: 'moths/moth-0.png', base64: base64(first) },
    { relativePath: 'moths/moth-1.png', base64: base64(await picture(1).png().toBuffer()) },
    { relativePath: 'moths/moth-2.jpg', base64: base64(await picture(2).jpeg({ quality: 92 }).toBuffer()) },
    { relativePath: 'moths/night/moth-3.png', base64: base64(await picture(3).png().toBuffer()) },
    { relativePath: 'moths/night/moth-4.jpeg', base64: base64(await picture(4).jpeg().toBuffer()) },
    { relativePath: 'moths/copy of moth-0.png', base64: base64(first) },
    { relativePath: 'moths/cut-off.png', base64: base64(whole.subarray(0, whole.length >> 1)) },
    { relativePath: 'moths/empty.png', base64: '' },
    { relativePath: 'moths/shopping-list.jpg', base64: base64(Buffer.from('eggs, milk, charcoal\n')) },
    {
      relativePath: 'moths/tiny.png',
      base64: base64(
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#333' } })
          .png()
          .toBuffer(),
      ),
    },
  ];
  return {
    files,
    good: 5,
    rejected: [
      { path: 'moths/cut-off.png', reason: /truncated or corrupt/ },
      { path: 'moths/empty.png', reason: /empty file/ },
      { path: 'moths/shopping-list.jpg', reason: /not an image/ },
      { path: 'moths/tiny.png', reason: /too small \(8×8 px/ },
    ],
  };
}

/** A few distinct pictures as files in a folder on disk, for the folder picker. */
export async function writePictures(folder: string, names: string[], firstSeed = 20): Promise<void> {
  await Promise.all(
    names.map((name, index) =>
      picture(firstSeed + index)
        .png()
        .toFile(`${folder}/${name}`),
    ),
  );
}
