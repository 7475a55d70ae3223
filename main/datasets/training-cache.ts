import { open, readFile, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Domain } from '../contract/index.js';
import { datasetDir } from './dataset-files.js';
import { loadDataset } from './dataset-store.js';

/**
 * One compact uint8 RGB file per domain at the training resolution: image k occupies bytes
 * [k·s·s·3, (k+1)·s·s·3). images.json says which image sits at which index; bytes past the last
 * index it knows (the tail of an import killed before it saved) are ignored and cut on the next append.
 */
export function cachePath(
  projectRoot: string,
  datasetId: string,
  domain: Domain,
  resolution: number,
): string {
  return join(datasetDir(projectRoot, datasetId), 'cache', `${domain}-${resolution}.u8`);
}

export class CacheAppender {
  private constructor(
    private readonly handle: FileHandle,
    private readonly imageBytes: number,
    private next: number,
  ) {}

  /** Opens the cache for appending after the `validCount` images the manifest knows. */
  static async open(path: string, resolution: number, validCount: number): Promise<CacheAppender> {
    const imageBytes = resolution * resolution * 3;
    const handle = await open(path, 'a+');
    const size = (await handle.stat()).size;
    if (size > validCount * imageBytes) await handle.truncate(validCount * imageBytes);
    return new CacheAppender(handle, imageBytes, validCount);
  }

  /** Appends one image and returns its index. Calls must not overlap (the importer serialises them). */
  async append(pixels: Uint8Array): Promise<number> {
    if (pixels.length !== this.imageBytes)
      throw new Error(`cache rows are ${this.imageBytes} bytes, got ${pixels.length}`);
    await this.handle.write(pixels, 0, pixels.length, this.next * this.imageBytes);
    return this.next++;
  }

  /** Makes every appended byte durable: call before saving a manifest that refers to them. */
  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Cuts the cache back to `count` images (a discarded import). */
export async function truncateCache(path: string, resolution: number, count: number): Promise<void> {
  try {
    if ((await stat(path)).size > count * resolution * resolution * 3)
      await truncate(path, count * resolution * resolution * 3);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The training images of a domain, in one buffer (count × size × size × 3), excluded ones left out. */
export async function readTrainingCache(
  projectRoot: string,
  datasetId: string,
  domain: Domain,
  options: { includeExcluded?: boolean } = {},
): Promise<{ images: Uint8Array; count: number; size: number; ids: string[] }> {
  const { manifest, images } = await loadDataset(projectRoot, datasetId);
  const size = manifest.resolution;
  const imageBytes = size * size * 3;
  const chosen = images.images.filter(
    (image) => image.domain === domain && (options.includeExcluded || !image.excluded),
  );
  let bytes: Uint8Array;
  try {
    bytes = await readFile(cachePath(projectRoot, datasetId, domain, size));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && chosen.length === 0) bytes = new Uint8Array(0);
    else throw error;
  }
  const out = new Uint8Array(chosen.length * imageBytes);
  chosen.forEach((image, k) => {
    const start = image.cacheIndex * imageBytes;
    if (start + imageBytes > bytes.length)
      throw new Error(
        `The training cache of ${manifest.name} is shorter than its index; re-import or rebuild it.`,
      );
    out.set(bytes.subarray(start, start + imageBytes), k * imageBytes);
  });
  return { images: out, count: chosen.length, size, ids: chosen.map((image) => image.id) };
}
