import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeManifest, newManifest } from '../../projects/project-manifest.js';

/** A fresh project folder with a manifest, as the importer expects. */
export async function makeProject(): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), 'ganvas-import-')), 'Test.ganvas');
  await mkdir(root);
  await writeManifest(root, newManifest('Test'));
  return root;
}

/** A distinct picture per seed: a gradient with a seed-dependent block, so hashes differ. */
export async function pictureBytes(seed: number, size = 64, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      const inBlock = ((x >> 3) + (y >> 3) + seed) % (2 + (seed % 5)) === 0;
      pixels[i] = (x * 4 + seed * 37) % 256;
      pixels[i + 1] = inBlock ? 255 : (y * 4 + seed * 11) % 256;
      pixels[i + 2] = (seed * 53) % 256;
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

/** A folder with good images, a duplicate, and one of each kind of bad file. */
export async function makeMixedFolder(goodCount = 6): Promise<{ folder: string; good: string[] }> {
  const folder = await mkdtemp(join(tmpdir(), 'ganvas-sources-'));
  const good: string[] = [];
  for (let seed = 0; seed < goodCount; seed++) {
    const path = join(folder, `good-${seed}.png`);
    await writeFile(path, await pictureBytes(seed));
    good.push(path);
  }
  await writeFile(join(folder, 'copy-of-good-0.png'), await pictureBytes(0));
  const png = await pictureBytes(99);
  await writeFile(join(folder, 'truncated.png'), png.subarray(0, Math.floor(png.length / 2)));
  await writeFile(join(folder, 'empty.png'), '');
  await writeFile(join(folder, 'notes.jpg'), 'these are my notes, not a picture');
  await writeFile(
    join(folder, 'tiny.png'),
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  return { folder, good };
}
