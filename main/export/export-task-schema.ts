import { z } from 'zod';
import { AnimationFormat, LatentPoint, ResizeKernel, RunId, SafeId } from '../contract/index.js';

const Latent = z.array(z.number()).min(1).max(1024);

/** What every exported PNG says of where it came from (the task adds the step and sizes). */
export const ProvenanceBase = z.object({
  app: z.string(),
  project: z.object({ id: SafeId, name: z.string() }),
  run: z.object({ id: RunId, name: z.string() }),
});
export type ProvenanceBase = z.infer<typeof ProvenanceBase>;

const Item = z.object({ latent: Latent, point: LatentPoint, caption: z.string().max(80) });

const ExportJob = z.discriminatedUnion('what', [
  z.object({
    what: z.literal('images'),
    items: z.array(Item).min(1).max(10_000),
    /** null: the model's own size. */
    size: z.number().int().positive().nullable(),
    kernel: ResizeKernel,
  }),
  z.object({
    what: z.literal('sheet'),
    items: z.array(Item).min(1).max(1024),
    cellSize: z.number().int().positive().nullable(),
    columns: z.number().int().positive(),
    spacing: z.number().int().nonnegative(),
    background: z.string(),
    captions: z.boolean(),
    kernel: ResizeKernel,
  }),
  z.object({
    what: z.literal('animation'),
    frames: z.array(Latent).min(1).max(7200),
    formats: z.array(AnimationFormat).min(1),
    size: z.number().int().positive().nullable(),
    fps: z.number().positive(),
    repeat: z.boolean(),
    kernel: ResizeKernel,
  }),
  z.object({
    what: z.literal('timeline'),
    formats: z.array(AnimationFormat).min(1),
    fps: z.number().positive(),
    repeat: z.boolean(),
    /** Each sample grid scaled up by this whole factor (nearest neighbour). */
    scale: z.number().int().min(1).max(8),
  }),
  z.object({
    what: z.literal('model'),
    /** GANSpace directions for the web page's sliders, strongest first. */
    directions: z.array(Latent).max(32),
    directionNames: z.array(z.string().nullable()).max(32),
  }),
]);
export type ExportJob = z.infer<typeof ExportJob>;

/**
 * Draws with one checkpoint's generator and writes an export. `out` is absolute: a file for images
 * of one item, sheets; a folder for several images, a model; a path without extension (a stem) for
 * animations, one file per format. Nothing is replaced unless `overwrite`.
 */
export const ExportTask = z.object({
  kind: z.literal('export'),
  projectRoot: z.string().min(1),
  runId: RunId,
  step: z.number().int().nonnegative().nullable(),
  useEma: z.boolean(),
  out: z.string().min(1),
  overwrite: z.boolean(),
  provenance: ProvenanceBase,
  job: ExportJob,
});
export type ExportTask = z.infer<typeof ExportTask>;
