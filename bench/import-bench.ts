import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createDataset } from '../main/datasets/dataset-store.js';
import { importImages } from '../main/datasets/import-images.js';
import { newManifest, writeManifest } from '../main/projects/project-manifest.js';
import { paintSample } from '../main/projects/sample/paint-sample.js';

/**
 * Import throughput: N distinct 256 px JPEGs into a 64 px dataset (decode, EXIF, fit, cache,
 * thumbnail, hashes, copy of the original), as images per second. Goal: at least 300 on 2 cores.
 */
export async function benchImport(
  count = 600,
): Promise<{ count: number; seconds: number; imagesPerSecond: number }> {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-bench-import-'));
  try {
    const sources = join(base, 'sources');
    await mkdir(sources);
    for (let i = 0; i < count; i++) {
      // Picture-like content (soft shapes, flat grounds), alternating with textures; plus grain, as in photos.
      const pixels = paintSample(i % 2 ? 'textures' : 'shapes', 256, 10_000 + i);
      for (let p = 0; p < pixels.length; p += 7) pixels[p] = Math.min(255, (pixels[p] ?? 0) + ((p * 31) % 9));
      await writeFile(
        join(sources, `photo-${i}.jpg`),
        await sharp(pixels, { raw: { width: 256, height: 256, channels: 3 } })
          .jpeg({ quality: 85 })
          .toBuffer(),
      );
    }
    const root = join(base, 'Bench.ganvas');
    await mkdir(root);
    await writeManifest(root, newManifest('Bench'));
    const dataset = await createDataset(root, {
      name: 'Photos',
      kind: 'single',
      resolution: 64,
      fit: 'crop',
      background: '#ffffff',
      storage: 'copy',
    });
    const started = performance.now();
    const summary = await importImages({
      projectRoot: root,
      datasetId: dataset.id,
      domain: 'main',
      paths: [sources],
      nearDuplicateThreshold: 6,
    });
    const seconds = (performance.now() - started) / 1000;
    if (summary.imported !== count) throw new Error(`imported ${summary.imported} of ${count}`);
    return { count, seconds, imagesPerSecond: count / seconds };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
