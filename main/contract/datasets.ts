import { z } from 'zod';
import { Domain, SafeId } from './projects.js';

export const ImageRecord = z.object({
  /** Content hash prefix: the same bytes are the same image, wherever they came from. */
  id: SafeId,
  domain: Domain,
  /** Project-relative path of the 128 px thumbnail (served by the project-file protocol / route). */
  thumbnail: z.string(),
  /** Where it came from, as the user knows it (the original path, or the uploaded relative path). */
  source: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  excluded: z.boolean(),
});
export type ImageRecord = z.infer<typeof ImageRecord>;

export const RejectedFile = z.object({
  path: z.string(),
  /** Plain words: "not an image", "truncated or corrupt (…)", "too small (12×9 px, needs 32 px)", … */
  reason: z.string(),
  kind: z.enum([
    'empty',
    'corrupt',
    'unsupported',
    'not-an-image',
    'too-small',
    'unreadable',
    'symlink-loop',
  ]),
});
export type RejectedFile = z.infer<typeof RejectedFile>;

/** A file whose bytes were already in the dataset: kept out, listed so the user sees it. */
export const ExactDuplicate = z.object({ path: z.string(), sameAs: SafeId });
export type ExactDuplicate = z.infer<typeof ExactDuplicate>;

/** Images whose perceptual hashes are within the threshold of each other. */
export const NearDuplicateGroup = z.object({
  imageIds: z.array(SafeId).min(2),
  /** Project-relative thumbnails, in the order of imageIds. */
  thumbnails: z.array(z.string()),
  /** Largest Hamming distance (of 64 bits) between two linked members of the group. */
  maxDistance: z.number().int().min(0).max(64),
});
export type NearDuplicateGroup = z.infer<typeof NearDuplicateGroup>;

export const DatasetStats = z.object({
  count: z.number().int().nonnegative(),
  /** Original sizes: smallest, largest, median width and height. */
  minSide: z.number().int().nonnegative(),
  maxSide: z.number().int().nonnegative(),
  medianWidth: z.number().nonnegative(),
  medianHeight: z.number().nonnegative(),
  /** Counts by aspect ratio bucket, e.g. {"portrait": 12, "square": 300, "landscape": 40}. */
  aspect: z.record(z.string(), z.number().int().nonnegative()),
  /** Mean colour of the included images at training resolution, #rrggbb. */
  meanColor: z.string(),
});
export type DatasetStats = z.infer<typeof DatasetStats>;

export const ImportSummary = z.object({
  datasetId: SafeId,
  domain: Domain,
  imported: z.number().int().nonnegative(),
  /** Files already in the dataset from an earlier import of the same folder. */
  alreadyPresent: z.number().int().nonnegative(),
  exactDuplicates: z.array(ExactDuplicate),
  nearDuplicates: z.array(NearDuplicateGroup),
  rejected: z.array(RejectedFile),
  cancelled: z.boolean(),
  seconds: z.number().nonnegative(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const DatasetReport = z.object({
  exactDuplicates: z.array(ExactDuplicate),
  nearDuplicates: z.array(NearDuplicateGroup),
  rejected: z.array(RejectedFile),
  stats: z.partialRecord(Domain, DatasetStats),
  /** Plain-language warnings, e.g. too few images for a GAN to learn rather than copy. */
  warnings: z.array(z.string()),
});
export type DatasetReport = z.infer<typeof DatasetReport>;
