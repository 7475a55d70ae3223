import { z } from 'zod';
import { Direction, LatentSpec } from './explore.js';
import { ProjectId } from './projects.js';
import { RunId } from './training.js';

const CheckpointRef = {
  projectId: ProjectId,
  runId: RunId,
  /** A checkpoint's step; the newest when left out. */
  step: z.number().int().nonnegative().optional(),
  /** The generator's moving average (as the sample grids use), or its own weights. */
  useEma: z.boolean().default(true),
};

/** The latent explorer: images from any checkpoint, directions found in the model. */
export const exploreCalls = {
  /**
   * Draws up to 64 latents. With a `channel`, a newer request on the same channel drops an older one
   * still waiting (latest input wins), which then fails with code 'conflict'.
   */
  'latent:render': {
    args: z
      .object({
        ...CheckpointRef,
        specs: z.array(LatentSpec).min(1).max(64),
        channel: z.string().max(64).optional(),
      })
      .strict(),
    result: z.object({
      step: z.number().int(),
      size: z.number().int(),
      /** data: URLs of PNG images, in the order of specs. */
      images: z.array(z.string()),
    }),
  },
  /** The checkpoint's GANSpace directions, strongest first (computed once per checkpoint). */
  'latent:directions': {
    args: z.object({ ...CheckpointRef, count: z.number().int().min(1).max(32).default(12) }).strict(),
    result: z.object({ step: z.number().int(), latentDim: z.number().int(), directions: z.array(Direction) }),
  },
  /** Names a direction of one checkpoint (an empty name removes it). */
  'latent:name-direction': {
    args: z
      .object({
        projectId: ProjectId,
        runId: RunId,
        step: z.number().int().nonnegative(),
        index: z.number().int().min(0).max(63),
        name: z.string().trim().max(60),
      })
      .strict(),
    result: z.object({ named: z.boolean() }),
  },
} as const;
