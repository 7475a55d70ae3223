import { constants } from 'node:fs';
import { open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Domain, JobProgress } from '../contract/index.js';
import { cacheFiles, cacheStatus, writeCacheIndex, type CacheFiles } from './cache-index.js';
import { domainsOf, type DatasetManifest, type ImageEntry } from './dataset-files.js';
import { loadDataset, updateImages } from './dataset-store.js';
import { decodeImage } from './decode-image.js';
import { parseHexColor, type Rgb } from './fit-image.js';
import { imageProducts, workingSize } from './image-products.js';
import { progressReporter } from './progress.js';
import { encodeThumbnail } from './thumbnails.js';

export interface RebuildOptions {
  projectRoot: string;
  datasetId: string;
  /** Default: every domain of the dataset. */
  domains?: Domain[];
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  concurrency?: number;
  /** Whether thumbnails must be made again (the background changed); default: when the old cache's background differs. */
  thumbnailsStale?: boolean;
}

export interface RebuildResult {
  rebuilt: number;
  /** Images whose original could not be read (a moved 'reference' original): rendered from their thumbnail. */
  fromThumbnail: string[];
  /** Images with neither original nor thumbnail: filled with the background colour. */
  unavailable: string[];
  cancelled: boolean;
}

/**
 * Renders the training cache again from the originals, after the resolution, fit or background
 * changed (or an interrupted rebuild left it stale). Every domain's new cache is built beside the
 * old one first; only when all are whole are they swapped in, so a cancel leaves the old cache
 * untouched, and a crash leaves either the old cache or none (reported, rebuilt next time), never a
 * cache whose rows disagree with its index.
 */
export async function rebuildCache(options: RebuildOptions): Promise<RebuildResult> {
  const { projectRoot, datasetId } = options;
  const { manifest, images } = await loadDataset(projectRoot, datasetId);
  const domains = options.domains ?? domainsOf(manifest.kind);
  const work = domains.map((domain) => ({
    domain,
    files: cacheFiles(projectRoot, datasetId, domain, manifest.resolution),
    records: images.images.filter((image) => image.domain === domain),
  }));
  const total = work.reduce((sum, each) => sum + each.records.length, 0);
  const result: RebuildResult = { rebuilt: 0, fromThumbnail: [], unavailable: [], cancelled: false };
  const means = new Map<string, Rgb>();
  const report = progressReporter(total, options.onProgress, (done) => `Rebuilt ${done} of ${total} images`);

  const discardBuilt = async () => {
    for (const each of work) await rm(building(each.files), { force: true });
  };
  for (const { domain, files, records } of work) {
    const previous = await cacheStatus(projectRoot, manifest, domain, []);
    const backgroundChanged =
      options.thumbnailsStale ??
      previous.index?.background.toLowerCase() !== manifest.background.toLowerCase();
    const built = await buildDomain(files, records, {
      projectRoot,
      manifest,
      rewriteThumbnails: backgroundChanged,
      concurrency: options.concurrency ?? 3,
      ...(options.signal ? { signal: options.signal } : {}),
      onImage: (image, outcome, mean) => {
        means.set(image.id, mean);
        if (outcome === 'thumbnail') result.fromThumbnail.push(image.source);
        if (outcome === 'unavailable') result.unavailable.push(image.source);
        result.rebuilt++;
        report(result.rebuilt);
      },
    }).catch(async (error: unknown) => {
      await discardBuilt();
      throw error;
    });
    if (!built) {
      await discardBuilt();
      return { ...result, cancelled: true };
    }
  }
  // All built: swap them in. The index goes first, so between the steps the cache is "missing", never wrong.
  for (const { domain, files, records } of work) {
    await rm(files.index, { force: true });
    await rename(building(files), files.data);
    const { resolution, fit, background } = manifest;
    await writeCacheIndex(files.index, {
      schemaVersion: 1,
      domain,
      resolution,
      fit,
      background,
      ids: records.map((image) => image.id),
    });
    await removeOtherResolutions(files, domain, manifest.resolution);
  }
  await updateImages(projectRoot, datasetId, (current) => ({
    ...current,
    images: current.images.map((image) => {
      const mean = means.get(image.id);
      return mean && domains.includes(image.domain) ? { ...image, mean } : image;
    }),
  }));
  return result;
}

/** Rebuilds whichever domains' caches do not match the dataset; returns the domains it rebuilt. */
export async function ensureTrainingCache(
  options: Omit<RebuildOptions, 'domains'>,
): Promise<{ rebuilt: Domain[]; result: RebuildResult | null }> {
  const { manifest, images } = await loadDataset(options.projectRoot, options.datasetId);
  const stale: Domain[] = [];
  for (const domain of domainsOf(manifest.kind)) {
    const ids = images.images.filter((image) => image.domain === domain).map((image) => image.id);
    if (!(await cacheStatus(options.projectRoot, manifest, domain, ids)).ok) stale.push(domain);
  }
  if (stale.length === 0) return { rebuilt: [], result: null };
  return { rebuilt: stale, result: await rebuildCache({ ...options, domains: stale }) };
}

function building(files: CacheFiles): string {
  return `${files.data}.building`;
}

type Outcome = 'original' | 'thumbnail' | 'unavailable';

interface BuildContext {
  projectRoot: string;
  manifest: DatasetManifest;
  rewriteThumbnails: boolean;
  concurrency: number;
  signal?: AbortSignal;
  onImage: (image: ImageEntry, outcome: Outcome, mean: Rgb) => void;
}

/** Writes every record's row, in record order, into `<cache>.building`; false when cancelled. */
async function buildDomain(
  files: CacheFiles,
  records: ImageEntry[],
  context: BuildContext,
): Promise<boolean> {
  const { manifest } = context;
  const rowBytes = manifest.resolution * manifest.resolution * 3;
  const handle = await open(building(files), constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o644);
  let next = 0;
  try {
    const worker = async () => {
      for (let k = next++; k < records.length; k = next++) {
        if (context.signal?.aborted) return;
        const image = records[k] as ImageEntry;
        const { row, mean, outcome } = await renderRow(image, context);
        // Rows at fixed offsets: workers may finish out of order.
        await handle.write(row, 0, rowBytes, k * rowBytes);
        context.onImage(image, outcome, mean);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, context.concurrency) }, worker));
    if (context.signal?.aborted) return false;
    await handle.datasync();
    return true;
  } finally {
    await handle.close();
  }
}

async function renderRow(
  image: ImageEntry,
  context: BuildContext,
): Promise<{ row: Uint8Array; mean: Rgb; outcome: Outcome }> {
  const { manifest, projectRoot } = context;
  const decodeOptions = {
    minShortSide: 1,
    trainingSize: manifest.resolution,
    workingSize: workingSize(manifest.resolution),
    background: manifest.background,
  };
  const inProject = (path: string) => (isAbsolute(path) ? path : join(projectRoot, path));
  for (const [path, outcome] of [
    [inProject(image.stored), 'original'],
    [inProject(image.thumbnail), 'thumbnail'],
  ] as const) {
    const bytes = await readFile(path).catch(() => null);
    const decoded = bytes && (await decodeImage(bytes, decodeOptions));
    if (!decoded?.ok) continue;
    const products = imageProducts(decoded.pixels, manifest);
    if (outcome === 'original' && context.rewriteThumbnails) {
      await writeFile(inProject(image.thumbnail), await encodeThumbnail(products.thumbnail));
    }
    return { row: products.training, mean: products.mean, outcome };
  }
  const background = parseHexColor(manifest.background);
  const row = new Uint8Array(manifest.resolution * manifest.resolution * 3);
  for (let i = 0; i < row.length; i += 3) row.set(background, i);
  return { row, mean: background, outcome: 'unavailable' };
}

/** Caches of this domain at other resolutions are dead weight once the new one is in place. */
async function removeOtherResolutions(files: CacheFiles, domain: Domain, resolution: number): Promise<void> {
  const folder = dirname(files.data);
  const pattern = new RegExp(`^${domain}-(\\d+)\\.(u8|json)(\\.building)?$`);
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const match = pattern.exec(name);
    if (match && Number(match[1]) !== resolution) await rm(join(folder, name), { force: true });
  }
}
