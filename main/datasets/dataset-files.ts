import { join } from 'node:path';
import { z } from 'zod';
import {
  DatasetKind,
  DatasetSettings,
  Domain,
  ExactDuplicate,
  RejectedFile,
  SafeId,
} from '../contract/index.js';

/** The files of one dataset, `datasets/<id>/` inside a project. All stored paths are project-relative. */
export function datasetDir(projectRoot: string, datasetId: string): string {
  return join(projectRoot, 'datasets', datasetId);
}

export const datasetFiles = {
  manifest: 'dataset.json',
  images: 'images.json',
  rejected: 'rejected.json',
} as const;

/** The dataset.json this version of Ganvas reads and writes. */
export const datasetSchemaVersion = 1;

export const DatasetManifest = DatasetSettings.extend({
  schemaVersion: z.literal(datasetSchemaVersion),
  id: SafeId,
  name: z.string().min(1),
  kind: DatasetKind,
  createdAt: z.number(),
});
export type DatasetManifest = z.infer<typeof DatasetManifest>;

const Channel = z.number().int().min(0).max(255);

export const ImageEntry = z.object({
  /** First 24 hex digits of the SHA-256 of the file's bytes. */
  id: SafeId,
  domain: Domain,
  /** The original as the user knows it (absolute path or uploaded relative path). */
  source: z.string(),
  /** Project-relative copy of the original, or the absolute original in 'reference' storage. */
  stored: z.string(),
  /** Project-relative thumbnail. */
  thumbnail: z.string(),
  /** Original size, after EXIF orientation. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  /** 64-bit DCT perceptual hash, 16 hex digits. */
  phash: z.string().regex(/^[0-9a-f]{16}$/),
  excluded: z.boolean(),
  /** Mean RGB of the image at training resolution (for the dataset's statistics without reading the cache). */
  mean: z.tuple([Channel, Channel, Channel]).optional(),
});
export type ImageEntry = z.infer<typeof ImageEntry>;

export const StoredDuplicate = ExactDuplicate.extend({ domain: Domain });
export type StoredDuplicate = z.infer<typeof StoredDuplicate>;

export const ImagesFile = z.object({
  schemaVersion: z.literal(1).default(1),
  images: z.array(ImageEntry),
  /** Files whose bytes were already in the dataset under another path: listed, not stored twice. */
  duplicates: z.array(StoredDuplicate),
});
export type ImagesFile = z.infer<typeof ImagesFile>;

export const StoredRejection = RejectedFile.extend({ domain: Domain });
export type StoredRejection = z.infer<typeof StoredRejection>;
export const RejectedList = z.array(StoredRejection);
export type RejectedList = z.infer<typeof RejectedList>;

export function emptyImages(): ImagesFile {
  return { schemaVersion: 1, images: [], duplicates: [] };
}

export function domainsOf(kind: DatasetKind): Domain[] {
  return kind === 'single' ? ['main'] : ['A', 'B'];
}

/** How the user names a domain in messages. */
export function domainLabel(kind: DatasetKind, domain: Domain): string {
  return kind === 'single' ? 'This dataset' : `Domain ${domain}`;
}
