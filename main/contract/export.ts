import { z } from 'zod';
import { LatentPoint, PathOptions } from './explore.js';
import { JobId } from './jobs.js';
import { ProjectId, SafeId, UserPath } from './projects.js';
import { RunId } from './training.js';

/**
 * Where an exported image came from, written into every exported PNG (an iTXt chunk): enough to
 * draw the same pixels again. The latent is kept as a point (seed, truncation, moves along the
 * checkpoint's directions, dimensions), so the explorer reopens it with its sliders.
 */
export const Provenance = z.object({
  format: z.literal('ganvas-provenance'),
  version: z.literal(1),
  app: z.string().max(40),
  project: z.object({ id: SafeId, name: z.string().max(200) }),
  run: z.object({ id: RunId, name: z.string().max(200) }),
  step: z.number().int().nonnegative(),
  useEma: z.boolean(),
  point: LatentPoint,
  /** The model's own resolution and what the image was scaled to. */
  modelSize: z.number().int().positive(),
  size: z.number().int().positive(),
  resize: z.enum(['none', 'nearest', 'lanczos']),
});
export type Provenance = z.infer<typeof Provenance>;

export const ResizeKernel = z.enum(['nearest', 'lanczos']);
export type ResizeKernel = z.infer<typeof ResizeKernel>;

/** Pixels on a side of an exported image (or an animation's frame). */
export const ExportSize = z.number().int().min(16).max(4096);

export const AnimationFormat = z.enum(['gif', 'webp', 'mp4', 'webm', 'png-frames']);
export type AnimationFormat = z.infer<typeof AnimationFormat>;

const Source = {
  projectId: ProjectId,
  runId: RunId,
  /** A checkpoint's step; the newest when left out. */
  step: z.number().int().nonnegative().optional(),
  useEma: z.boolean().default(true),
  /**
   * A file or folder name inside the project's exports/ folder, or an absolute path (the CLI, or the
   * save dialog in Electron).
   */
  out: UserPath,
  /** An existing file is only replaced when this is set (the UI asks first). */
  overwrite: z.boolean().default(false),
};

const Points = z.array(z.object({ point: LatentPoint, name: z.string().max(80).optional() }).strict());

const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #1a1a1a.');

/** An export's outcome: the files it wrote, relative to the project when inside it. */
export const ExportResult = z.object({ files: z.array(z.string()), folder: z.string() });
export type ExportResult = z.infer<typeof ExportResult>;

export const exportCalls = {
  /** PNGs (with provenance) of points: seeds, favourites, a slider state. */
  'export:images': {
    args: z
      .object({
        ...Source,
        items: Points.min(1).max(10_000),
        size: ExportSize.optional(),
        kernel: ResizeKernel.default('lanczos'),
      })
      .strict(),
    result: z.object({ jobId: JobId }),
  },
  /** One contact sheet: images in a grid with spacing, background and optional seed captions. */
  'export:sheet': {
    args: z
      .object({
        ...Source,
        items: Points.min(1).max(1024),
        columns: z.number().int().min(1).max(64),
        cellSize: ExportSize.optional(),
        spacing: z.number().int().min(0).max(256).default(8),
        background: HexColour.default('#111111'),
        captions: z.boolean().default(false),
        kernel: ResizeKernel.default('lanczos'),
      })
      .strict(),
    result: z.object({ jobId: JobId }),
  },
  /** An interpolation loop through keyframes, in any of the formats. */
  'export:animation': {
    args: z
      .object({
        ...Source,
        keyframes: z.array(LatentPoint).min(2).max(32),
        options: PathOptions.default({ mode: 'slerp', easing: 'ease-in-out', loop: true }),
        formats: z.array(AnimationFormat).min(1).max(5),
        size: ExportSize.optional(),
        fps: z.number().int().min(1).max(60).default(24),
        seconds: z.number().min(0.2).max(120).default(3),
        /** Loops forever (GIF, WebP) when true; plays once otherwise. */
        repeat: z.boolean().default(true),
        kernel: ResizeKernel.default('lanczos'),
      })
      .strict(),
    result: z.object({ jobId: JobId }),
  },
  /** The training time-machine: a run's sample grids, step by step, as an animation. */
  'export:timeline': {
    args: z
      .object({
        projectId: ProjectId,
        runId: RunId,
        out: UserPath,
        overwrite: z.boolean().default(false),
        formats: z.array(AnimationFormat).min(1).max(5),
        fps: z.number().int().min(1).max(60).default(8),
        repeat: z.boolean().default(true),
        scale: z.number().int().min(1).max(8).default(1),
      })
      .strict(),
    result: z.object({ jobId: JobId }),
  },
  /** The generator as a TensorFlow.js model folder with a web page that draws from it. */
  'export:model': {
    args: z.object({ ...Source, directions: z.number().int().min(0).max(32).default(8) }).strict(),
    result: z.object({ jobId: JobId }),
  },
  /** A project, or one run of it, as one zip (written aside and renamed into place). */
  'export:archive': {
    args: z
      .object({
        projectId: ProjectId,
        runId: RunId.optional(),
        out: UserPath,
        overwrite: z.boolean().default(false),
      })
      .strict(),
    result: z.object({ jobId: JobId }),
  },
  /**
   * Imports a Ganvas archive from a zip on disk: a project goes into the projects folder under a
   * free name and is opened; a run goes into the open project `projectId`.
   */
  'export:import-archive': {
    args: z.object({ path: UserPath, projectId: ProjectId.optional() }).strict(),
    result: z.object({
      kind: z.enum(['project', 'run']),
      projectId: ProjectId,
      runId: RunId.nullable(),
      folder: z.string(),
    }),
  },
  /** The provenance in the head of a PNG (base64; its first bytes up to the image data suffice). */
  'export:inspect-png': {
    args: z
      .object({
        projectId: ProjectId.optional(),
        head: z
          .string()
          .max(2 ** 20)
          .regex(/^[A-Za-z0-9+/=]*$/),
      })
      .strict(),
    result: z.object({
      provenance: Provenance.nullable(),
      /** Why the image cannot be reopened here (null when it can). */
      problem: z.string().nullable(),
    }),
  },
} as const;
