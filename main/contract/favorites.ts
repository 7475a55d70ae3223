import { z } from 'zod';
import { LatentPoint } from './explore.js';
import { ProjectId, SafeId } from './projects.js';
import { RunId } from './training.js';

/** A latent the artist kept: with its model and checkpoint, it reopens exactly the image it was. */
export const Favorite = z.object({
  id: SafeId,
  name: z.string().min(1).max(80),
  runId: RunId,
  step: z.number().int().nonnegative(),
  useEma: z.boolean(),
  point: LatentPoint,
  createdAt: z.number(),
});
export type Favorite = z.infer<typeof Favorite>;

export const favoriteCalls = {
  'favorites:list': { args: z.object({ projectId: ProjectId }).strict(), result: z.array(Favorite) },
  'favorites:add': {
    args: z
      .object({
        projectId: ProjectId,
        name: z.string().trim().min(1).max(80),
        runId: RunId,
        step: z.number().int().nonnegative(),
        useEma: z.boolean(),
        point: LatentPoint,
      })
      .strict(),
    result: Favorite,
  },
  'favorites:remove': {
    args: z.object({ projectId: ProjectId, id: SafeId }).strict(),
    result: z.object({ removed: z.boolean() }),
  },
} as const;
