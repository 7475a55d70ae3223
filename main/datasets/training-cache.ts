import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Domain } from '../contract/index.js';
import { ServiceFailure } from '../service/service-error.js';
import { cacheStatus, writeCacheIndex, type CacheFiles, type CacheIndex } from './cache-index.js';
import { loadDataset } from './dataset-store.js';

/**
 * Appends images to one domain's training cache during an import. Rows are written in order; commit()
 * fsyncs them and only then writes the index that counts them, so the index never promises bytes the
 * disk might not have. Opening cuts any bytes past the index (the unsaved tail of a killed import).
 */
export class CacheWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly ids: string[];

  private constructor(
    private readonly handle: FileHandle,
    private readonly files: CacheFiles,
    private readonly index: CacheIndex,
    private readonly rowBytes: number,
  ) {
    this.ids = [...index.ids];
  }

  /** `index` must describe the cache as it is (see cacheStatus): rows beyond it are discarded. */
  static async open(files: CacheFiles, index: CacheIndex): Promise<CacheWriter> {
    const rowBytes = index.resolution * index.resolution * 3;
    // Not 'a': positioned writes must land where they say (O_APPEND ignores positions on Linux).
    const handle = await open(files.data, constants.O_RDWR | constants.O_CREAT, 0o644);
    try {
      if ((await handle.stat()).size !== index.ids.length * rowBytes) {
        await handle.truncate(index.ids.length * rowBytes);
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new CacheWriter(handle, files, index, rowBytes);
  }

  get count(): number {
    return this.ids.length;
  }

  /** Queues one image's row; resolves once written (not yet durable). A failed write fails every later one. */
  append(id: string, pixels: Uint8Array): Promise<void> {
    if (pixels.length !== this.rowBytes) {
      return Promise.reject(new Error(`cache rows are ${this.rowBytes} bytes, got ${pixels.length}`));
    }
    const written = this.chain.then(async () => {
      await this.handle.write(pixels, 0, pixels.length, this.ids.length * this.rowBytes);
      this.ids.push(id);
    });
    this.chain = written;
    return written;
  }

  /** Makes every row written so far durable, then records them in the index. */
  async commit(): Promise<void> {
    await this.chain;
    const ids = [...this.ids];
    await this.handle.datasync();
    await writeCacheIndex(this.files.index, { ...this.index, ids });
  }

  /** Forgets every row after the first `count` (a cancelled import rolled back): index first, then bytes. */
  async rollBackTo(count: number): Promise<void> {
    await this.chain.catch(() => undefined);
    this.ids.length = Math.min(count, this.ids.length);
    await writeCacheIndex(this.files.index, { ...this.index, ids: [...this.ids] });
    await this.handle.truncate(this.ids.length * this.rowBytes);
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.handle.close();
  }
}

export interface TrainingImages {
  /** count x size x size x 3 RGB bytes, image after image. */
  images: Uint8Array;
  count: number;
  size: number;
  /** The image ids, in the order of `images`. */
  ids: string[];
}

/** Reads in runs of at most this many bytes (a 256 px cache of 10,000 images is 2 GB). */
const readChunkBytes = 64 * 1024 * 1024;

/**
 * The training images of one domain in one buffer, excluded images left out unless asked for. Reads
 * straight into the result, run by contiguous run. Throws a ServiceFailure('conflict') when the cache
 * does not match the dataset (an interrupted rebuild): call ensureTrainingCache first.
 */
export async function readTrainingCache(
  projectRoot: string,
  datasetId: string,
  domain: Domain,
  options: { includeExcluded?: boolean } = {},
): Promise<TrainingImages> {
  const { manifest, images } = await loadDataset(projectRoot, datasetId);
  const size = manifest.resolution;
  const rowBytes = size * size * 3;
  const records = images.images.filter((image) => image.domain === domain);
  const status = await cacheStatus(
    projectRoot,
    manifest,
    domain,
    records.map((image) => image.id),
  );
  if (!status.ok) {
    throw new ServiceFailure(
      'conflict',
      `The training cache of “${manifest.name}” ${status.reason}; rebuild it (ensureTrainingCache) before training.`,
    );
  }
  const chosen = records
    .filter((image) => options.includeExcluded === true || !image.excluded)
    .map((image) => ({ id: image.id, position: status.positions.get(image.id) ?? 0 }))
    .sort((a, b) => a.position - b.position);
  const out = new Uint8Array(chosen.length * rowBytes);
  if (chosen.length === 0) return { images: out, count: 0, size, ids: [] };
  const handle = await open(status.files.data, 'r');
  try {
    let k = 0;
    while (k < chosen.length) {
      // A run of rows that sit one after another in the file: one read.
      let end = k + 1;
      const start = chosen[k]?.position ?? 0;
      while (
        end < chosen.length &&
        chosen[end]?.position === start + (end - k) &&
        (end - k + 1) * rowBytes <= readChunkBytes
      ) {
        end++;
      }
      const length = (end - k) * rowBytes;
      for (let read = 0; read < length;) {
        const { bytesRead } = await handle.read(
          out,
          k * rowBytes + read,
          length - read,
          start * rowBytes + read,
        );
        if (bytesRead === 0) throw new Error(`the training cache of “${manifest.name}” ended early`);
        read += bytesRead;
      }
      k = end;
    }
  } finally {
    await handle.close();
  }
  return { images: out, count: chosen.length, size, ids: chosen.map((image) => image.id) };
}
