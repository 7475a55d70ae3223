import { z } from 'zod';
import { JobStarted } from './app-calls.js';
import { DatasetReport, ImageRecord, NearDuplicateGroup } from './datasets.js';
import {
  DatasetKind,
  DatasetSettings,
  DatasetSummary,
  Domain,
  FitMode,
  HexColor,
  ProjectId,
  Resolution,
  SafeId,
  UserPath,
} from './projects.js';

const DatasetRef = { projectId: ProjectId, datasetId: SafeId };

/** Where an import's files come from: paths on this machine, or a browser-mode upload. */
export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paths'), paths: z.array(UserPath).min(1).max(10_000) }),
  z.object({ kind: z.literal('upload'), uploadId: SafeId }),
]);
export type ImportSource = z.infer<typeof ImportSource>;

/** Datasets of a project: import, browse, curate. */
export const datasetCalls = {
  'datasets:create': {
    args: z
      .object({
        projectId: ProjectId,
        name: z.string().trim().min(1).max(80),
        kind: DatasetKind,
        resolution: Resolution.default(64),
        fit: FitMode.default('crop'),
        background: HexColor.default('#ffffff'),
        storage: DatasetSettings.shape.storage.default('copy'),
      })
      .strict(),
    result: DatasetSummary,
  },
  /** Changing resolution, fit or background rebuilds the training cache (a job, started by this call). */
  'datasets:update': {
    args: z
      .object({
        ...DatasetRef,
        name: z.string().trim().min(1).max(80).optional(),
        resolution: Resolution.optional(),
        fit: FitMode.optional(),
        background: HexColor.optional(),
      })
      .strict(),
    result: z.object({ dataset: DatasetSummary, rebuildJobId: z.string().nullable() }),
  },
  'datasets:delete': {
    args: z.object({ ...DatasetRef, confirm: z.literal(true) }).strict(),
    result: z.object({ deleted: z.boolean() }),
  },
  'datasets:import': {
    args: z
      .object({
        ...DatasetRef,
        domain: Domain,
        source: ImportSource,
        nearDuplicateThreshold: z.number().int().min(0).max(32).default(6),
      })
      .strict(),
    result: JobStarted,
  },
  /** A page of images for the virtualised grid. */
  'datasets:images': {
    args: z
      .object({
        ...DatasetRef,
        domain: Domain.optional(),
        filter: z.enum(['all', 'included', 'excluded']).default('all'),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: z.object({ total: z.number().int().nonnegative(), images: z.array(ImageRecord) }),
  },
  'datasets:set-excluded': {
    args: z
      .object({ ...DatasetRef, imageIds: z.array(SafeId).min(1).max(10_000), excluded: z.boolean() })
      .strict(),
    result: DatasetSummary,
  },
  'datasets:report': { args: z.object(DatasetRef).strict(), result: DatasetReport },
  /** Recomputes near-duplicate groups at another threshold (bits of 64 that may differ). */
  'datasets:near-duplicates': {
    args: z.object({ ...DatasetRef, threshold: z.number().int().min(0).max(32) }).strict(),
    result: z.array(NearDuplicateGroup),
  },
  /** Browser mode: reserves an upload folder; files then go to PUT /upload/<uploadId>/<relative path>. */
  'uploads:begin': {
    args: z.object({ projectId: ProjectId }).strict(),
    result: z.object({ uploadId: SafeId, maxFileBytes: z.number().int() }),
  },
} as const;
