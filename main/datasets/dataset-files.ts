import { join } from 'node:path';
import { z } from 'zod';
import { DatasetKind, DatasetSettings, Domain, ExactDuplicate, RejectedFile } from '../contract/index.js';

/** The files of one dataset, `datasets/<id>/` inside a project. All stored paths are project-relative. */
export function datasetDir(projectRoot: string, datasetId: string): string {
  return join(projectRoot, 'datasets', datasetId);
}

export const datasetFiles = {
  manifest: 'dataset.json',
  images: 'images.json',
  rejected: 'rejected.json',
} as const;

export const DatasetManifest = DatasetSettings.extend({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1),
  kind: DatasetKind,
  createdAt: z.number(),
});
export type DatasetManifest = z.infer<typeof DatasetManifest>;

export const ImageEntry = z.object({
  id: z.string(),
  domain: Domain,
  /** The original as the user knows it (absolute path or uploaded relative path). */
  source: z.string(),
  /** Project-relative copy of the original, or the absolute original in 'reference' storage. */
  stored: z.string(),
  thumbnail: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  /** 64-bit perceptual hash, 16 hex digits. */
  phash: z.string().regex(/^[0-9a-f]{16}$/),
  excluded: z.boolean(),
  /** Position of this image's pixels in the domain's training cache. */
  cacheIndex: z.number().int().nonnegative(),
});
export type ImageEntry = z.infer<typeof ImageEntry>;

export const ImagesFile = z.object({
  images: z.array(ImageEntry),
  duplicates: z.array(ExactDuplicate.extend({ domain: Domain })),
});
export type ImagesFile = z.infer<typeof ImagesFile>;

export const RejectedList = z.array(RejectedFile.extend({ domain: Domain }));
export type RejectedList = z.infer<typeof RejectedList>;

export function domainsOf(kind: DatasetKind): Domain[] {
  return kind === 'single' ? ['main'] : ['A', 'B'];
}
