import type { DatasetReport, DatasetStats, Domain } from '../contract/index.js';
import { domainsOf } from './dataset-files.js';
import { loadDataset } from './dataset-store.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { readTrainingCache } from './training-cache.js';

/** Fewer images than this and a GAN tends to memorise its training set rather than learn from it. */
const comfortableCount = 500;

export async function datasetReport(
  projectRoot: string,
  datasetId: string,
  threshold = 6,
): Promise<DatasetReport> {
  const { manifest, images, rejected } = await loadDataset(projectRoot, datasetId);
  const stats: Partial<Record<Domain, DatasetStats>> = {};
  const warnings: string[] = [];
  for (const domain of domainsOf(manifest.kind)) {
    const included = images.images.filter((image) => image.domain === domain && !image.excluded);
    const cache = await readTrainingCache(projectRoot, datasetId, domain);
    stats[domain] = statistics(included, cache.images);
    const where = manifest.kind === 'single' ? 'This dataset' : `Domain ${domain}`;
    if (included.length === 0) warnings.push(`${where} has no images yet: drop a folder of images on it.`);
    else if (included.length < comfortableCount) {
      warnings.push(
        `${where} has ${included.length} images. GANs need many images to learn rather than copy; with so few, ` +
          'expect the model to memorise them. Add more, or use augmentation when training.',
      );
    }
  }
  return {
    exactDuplicates: images.duplicates.map(({ domain: _domain, ...duplicate }) => duplicate),
    nearDuplicates: domainsOf(manifest.kind).flatMap((domain) =>
      nearDuplicateGroups(
        images.images.filter((image) => image.domain === domain),
        threshold,
      ),
    ),
    rejected: rejected.map(({ domain: _domain, ...file }) => file),
    stats,
    warnings,
  };
}

function statistics(
  images: ReadonlyArray<{ width: number; height: number }>,
  pixels: Uint8Array,
): DatasetStats {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length === 0
      ? 0
      : sorted.length % 2
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  };
  const aspect: Record<string, number> = { portrait: 0, square: 0, landscape: 0 };
  for (const { width, height } of images) {
    const ratio = width / height;
    const bucket = ratio < 0.9 ? 'portrait' : ratio > 1.1 ? 'landscape' : 'square';
    aspect[bucket] = (aspect[bucket] ?? 0) + 1;
  }
  const sums = [0, 0, 0];
  for (let i = 0; i < pixels.length; i++) sums[i % 3] = (sums[i % 3] ?? 0) + (pixels[i] ?? 0);
  const count = Math.max(1, pixels.length / 3);
  const hex = sums
    .map((sum) =>
      Math.round(sum / count)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('');
  const sides = images.flatMap(({ width, height }) => [width, height]);
  return {
    count: images.length,
    minSide: sides.length ? Math.min(...images.map(({ width, height }) => Math.min(width, height))) : 0,
    maxSide: sides.length ? Math.max(...sides) : 0,
    medianWidth: median(images.map((image) => image.width)),
    medianHeight: median(images.map((image) => image.height)),
    aspect,
    meanColor: `#${hex}`,
  };
}
