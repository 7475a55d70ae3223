import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createDataset } from '../dataset-store.js';
import { importImages } from '../import-images.js';
import { newManifest, writeManifest } from '../../projects/project-manifest.js';
import { paintSample } from '../../projects/sample/paint-sample.js';

/** A fresh project folder with a manifest, as the importer expects. */
export async function makeProject(): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), 'ganvas-import-')), 'Test.ganvas');
  await mkdir(root);
  await writeManifest(root, newManifest('Test'));
  return root;
}

/** A distinct picture per seed (the sample painter's shapes), so perceptual hashes differ as photos do. */
export async function pictureBytes(seed: number, size = 64, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pixels = paintSample(seed % 2 ? 'textures' : 'shapes', size, 500 + seed);
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

/** A folder with good images, an exact duplicate, and one of each kind of bad file. */
export async function makeMixedFolder(goodCount = 6): Promise<{ folder: string; good: string[] }> {
  const folder = await mkdtemp(join(tmpdir(), 'ganvas-sources-'));
  const good: string[] = [];
  for (let seed = 0; seed < goodCount; seed++) {
    const path = join(folder, `good-${String(seed).padStart(3, '0')}.png`);
    await writeFile(path, await pictureBytes(seed));
    good.push(path);
  }
  await writeFile(join(folder, 'copy-of-good-0.png'), await pictureBytes(0));
  const png = await pictureBytes(99);
  await writeFile(join(folder, 'truncated.png'), png.subarray(0, Math.floor(png.length / 2)));
  await writeFile(join(folder, 'empty.png'), '');
  await writeFile(join(folder, 'notes.jpg'), 'these are my notes, not a picture');
  await writeFile(
    join(folder, 'drawing.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"/>',
  );
  await writeFile(
    join(folder, 'tiny.png'),
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  await writeFile(join(folder, '.DS_Store'), 'finder clutter');
  await writeFile(join(folder, 'Thumbs.db'), 'explorer clutter');
  return { folder, good };
}

/** A project with one DCGAN dataset at 32 px holding `goodCount` imported pictures. */
export async function makeProjectWithImages(goodCount: number) {
  const root = await makeProject();
  const dataset = await createDataset(root, {
    name: 'Moths',
    kind: 'single',
    resolution: 32,
    fit: 'crop',
    background: '#000000',
    storage: 'copy',
  });
  const { folder } = await makeMixedFolder(goodCount);
  await importImages({
    projectRoot: root,
    datasetId: dataset.id,
    domain: 'main',
    paths: [folder],
    nearDuplicateThreshold: 0,
  });
  return { root, dataset };
}
