import { z } from 'zod';

/**
 * A point in a model's latent space, described rather than listed, so it is small, readable and
 * reopens exactly: a seed's z, scaled (truncation), moved along the model's directions and with
 * raw dimensions set by hand.
 */
export const LatentPoint = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    truncation: z.number().min(0).max(3).default(1),
    /** Offsets along the checkpoint's GANSpace directions, by index, in standard deviations. */
    moves: z
      .array(z.object({ direction: z.number().int().min(0).max(63), amount: z.number().min(-10).max(10) }))
      .max(64)
      .default([]),
    /** Raw dimensions set to a value (after the moves). */
    dimensions: z
      .array(z.object({ index: z.number().int().min(0).max(1023), value: z.number().min(-10).max(10) }))
      .max(1024)
      .default([]),
  })
  .strict();
export type LatentPoint = z.infer<typeof LatentPoint>;

export const PathOptions = z
  .object({
    mode: z.enum(['lerp', 'slerp']).default('slerp'),
    easing: z.enum(['linear', 'ease-in-out']).default('ease-in-out'),
    loop: z.boolean().default(true),
  })
  .strict();
export type PathOptions = z.infer<typeof PathOptions>;

/** What to draw: a point, a moment of a path through keyframes, or A − B + C (Radford et al., section 6). */
export const LatentSpec = z.union([
  z.object({ point: LatentPoint }).strict(),
  z
    .object({ path: z.array(LatentPoint).min(2).max(32), options: PathOptions, t: z.number().min(0).max(1) })
    .strict(),
  z.object({ arithmetic: z.object({ a: LatentPoint, b: LatentPoint, c: LatentPoint }).strict() }).strict(),
]);
export type LatentSpec = z.infer<typeof LatentSpec>;

export const Direction = z.object({
  index: z.number().int().nonnegative(),
  /** How much the image's early features vary along it: sliders are ordered by it. */
  variance: z.number().nonnegative(),
  /** The artist's name for it ("smile", "more blue"), kept in the project; null until named. */
  name: z.string().max(60).nullable(),
});
export type Direction = z.infer<typeof Direction>;
