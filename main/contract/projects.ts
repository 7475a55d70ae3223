import { z } from 'zod';

/** Ids that are safe in URLs and file names (UUIDs or short slugs). */
export const SafeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id.');

export const ProjectId = SafeId;
export type ProjectId = z.infer<typeof ProjectId>;

/** A path on the user's disk as typed, picked or dropped; the service checks it, the contract only bounds it. */
export const UserPath = z.string().min(1).max(4096);

export const ProjectName = z
  .string()
  .trim()
  .min(1, 'A project needs a name.')
  .max(80, 'Keep project names under 80 characters.')
  .refine((name) => !/[/\\:*?"<>|]/.test(name), 'A project name cannot contain / \\ : * ? " < > |')
  .refine(
    (name) => [...name].every((char) => char >= ' '),
    'A project name cannot contain control characters.',
  )
  .refine((name) => !/^\.+$/.test(name), 'A project name cannot be only dots.');

export const RecentProject = z.object({
  path: z.string(),
  name: z.string(),
  lastOpenedAt: z.number(),
  /** False when the folder has been moved or deleted since; the list keeps it so the user can remove it. */
  available: z.boolean(),
  isSample: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProject>;

/** A problem found in a project's files that did not stop it from opening (a torn or foreign file). */
export const ProjectIssue = z.object({ path: z.string(), message: z.string() });
export type ProjectIssue = z.infer<typeof ProjectIssue>;

export const Resolution = z.union([z.literal(32), z.literal(64), z.literal(128), z.literal(256)]);
export type Resolution = z.infer<typeof Resolution>;

export const FitMode = z.enum(['crop', 'pad', 'stretch']);
export type FitMode = z.infer<typeof FitMode>;

/** 'single': one folder, for DCGAN. 'paired': domains A and B, for CycleGAN. */
export const DatasetKind = z.enum(['single', 'paired']);
export type DatasetKind = z.infer<typeof DatasetKind>;

/** 'main' for single datasets; 'A' and 'B' for paired ones. */
export const Domain = z.enum(['main', 'A', 'B']);
export type Domain = z.infer<typeof Domain>;

export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is #rrggbb.');

export const DatasetSettings = z.object({
  resolution: Resolution,
  fit: FitMode,
  /** What transparent pixels become, and the padding colour for 'pad'. */
  background: HexColor,
  /** 'copy' keeps originals inside the project (whole and movable); 'reference' points at them. */
  storage: z.enum(['copy', 'reference']),
});
export type DatasetSettings = z.infer<typeof DatasetSettings>;

export const DomainCounts = z.object({
  images: z.number().int().nonnegative(),
  excluded: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type DomainCounts = z.infer<typeof DomainCounts>;

export const DatasetSummary = DatasetSettings.extend({
  id: SafeId,
  name: z.string(),
  kind: DatasetKind,
  createdAt: z.number(),
  counts: z.partialRecord(Domain, DomainCounts),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const Project = z.object({
  id: ProjectId,
  name: z.string(),
  /** Absolute path of the project folder on this machine (never stored inside the project). */
  path: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.number(),
  isSample: z.boolean(),
  datasets: z.array(DatasetSummary),
  issues: z.array(ProjectIssue),
});
export type Project = z.infer<typeof Project>;

/** Who holds a project open, from its lock file. */
export const ProjectLockHolder = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  app: z.string(),
  since: z.number(),
  /** True when the holder is gone (same host, process not running): safe to break. */
  stale: z.boolean(),
});
export type ProjectLockHolder = z.infer<typeof ProjectLockHolder>;
