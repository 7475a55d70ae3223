import type { DatasetReport, DatasetStats, Domain } from '../contract/index.js';
import { domainLabel, domainsOf, type ImageEntry } from './dataset-files.js';
import { loadDataset } from './dataset-store.js';
import { nearDuplicateGroups } from './near-duplicates.js';

/** Fewer images than this and a GAN tends to memorise its training set rather than learn from it. */
export const comfortableImageCount = 500;

/** Duplicates, rejections, statistics and plain-language warnings, per domain, for the dataset view. */
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
    stats[domain] = datasetStats(included);
    const where = domainLabel(manifest.kind, domain);
    if (included.length === 0) {
      warnings.push(`${where} has no images yet: drop a folder of images on it.`);
    } else if (included.length < comfortableImageCount) {
      warnings.push(
        `${where} has ${included.length} images. GANs need many images to learn rather than copy; with ` +
          `${included.length} images expect memorisation — add more (${comfortableImageCount} or more is a good start) ` +
          'or use augmentation (coming with training).',
      );
    }
  }
  return {
    exactDuplicates: images.duplicates.map(({ path, sameAs }) => ({ path, sameAs })),
    nearDuplicates: domainsOf(manifest.kind).flatMap((domain) =>
      nearDuplicateGroups(
        images.images.filter((image) => image.domain === domain),
        threshold,
      ),
    ),
    rejected: rejected.map(({ path, reason, kind }) => ({ path, reason, kind })),
    stats,
    warnings,
  };
}

/** Aspect buckets: within 10% of square counts as square. */
export function aspectBucket(width: number, height: number): 'portrait' | 'square' | 'landscape' {
  const ratio = width / height;
  return ratio < 1 / 1.1 ? 'portrait' : ratio > 1.1 ? 'landscape' : 'square';
}

export function datasetStats(
  images: ReadonlyArray<Pick<ImageEntry, 'width' | 'height' | 'mean'>>,
): DatasetStats {
  const aspect: Record<string, number> = { portrait: 0, square: 0, landscape: 0 };
  let minSide = Infinity;
  let maxSide = 0;
  const sums = [0, 0, 0];
  let withMean = 0;
  for (const { width, height, mean } of images) {
    const bucket = aspectBucket(width, height);
    aspect[bucket] = (aspect[bucket] ?? 0) + 1;
    minSide = Math.min(minSide, width, height);
    maxSide = Math.max(maxSide, width, height);
    if (mean) {
      mean.forEach((value, channel) => (sums[channel] = (sums[channel] ?? 0) + value));
      withMean++;
    }
  }
  const hex = sums.map((sum) =>
    Math.round(sum / Math.max(1, withMean))
      .toString(16)
      .padStart(2, '0'),
  );
  return {
    count: images.length,
    minSide: images.length ? minSide : 0,
    maxSide,
    medianWidth: median(images.map((image) => image.width)),
    medianHeight: median(images.map((image) => image.height)),
    aspect,
    meanColor: `#${hex.join('')}`,
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
