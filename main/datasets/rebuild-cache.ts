import { readFile, rename, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { JobProgress } from '../contract/index.js';
import { domainsOf } from './dataset-files.js';
import { loadDataset, saveImages } from './dataset-store.js';
import { decodeImage } from './decode-image.js';
import { CacheAppender, cachePath } from './training-cache.js';

/**
 * Re-renders a dataset's training cache from its originals after its resolution, fit or background
 * changed. Each domain's new cache is built beside the old one and swapped in whole, so a cancel or a
 * crash leaves the previous cache (and the index that matches it) untouched.
 */
export async function rebuildCache(options: {
  projectRoot: string;
  datasetId: string;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}): Promise<{ rebuilt: number; missing: string[]; cancelled: boolean }> {
  const { projectRoot, datasetId } = options;
  const { manifest, images } = await loadDataset(projectRoot, datasetId);
  const total = images.images.length;
  const missing: string[] = [];
  const next = images.images.map((image) => ({ ...image }));
  let done = 0;
  for (const domain of domainsOf(manifest.kind)) {
    const target = cachePath(projectRoot, datasetId, domain, manifest.resolution);
    const building = `${target}.building`;
    await rm(building, { force: true });
    const cache = await CacheAppender.open(building, manifest.resolution, 0);
    try {
      for (const image of next.filter((each) => each.domain === domain)) {
        if (options.signal?.aborted) return { rebuilt: done, missing, cancelled: true };
        const path = isAbsolute(image.stored) ? image.stored : join(projectRoot, image.stored);
        const decoded = await readFile(path).then(
          (bytes) => decodeImage(bytes, manifest),
          () => null,
        );
        // A referenced original that moved keeps a grey placeholder row, and is listed, rather than failing the job.
        image.cacheIndex = await cache.append(
          decoded?.ok
            ? decoded.training
            : new Uint8Array(manifest.resolution * manifest.resolution * 3).fill(128),
        );
        if (!decoded?.ok) missing.push(image.source);
        done++;
        options.onProgress?.({
          fraction: total ? done / total : 1,
          message: `Rebuilt ${done} of ${total}`,
          done,
          total,
        });
      }
      await cache.sync();
    } finally {
      await cache.close();
    }
    await rename(building, target);
  }
  await saveImages(projectRoot, datasetId, { ...images, images: next });
  return { rebuilt: done, missing, cancelled: false };
}
