import { z } from 'zod';
import { ImportSource } from './dataset-calls.js';
import { JobId } from './jobs.js';
import { ProjectId, UserPath } from './projects.js';
import { RunId } from './training.js';

/** Which of a CycleGAN's generators to use: G (A → B) or F (B → A). */
export const TranslateDirection = z.enum(['AtoB', 'BtoA']);
export type TranslateDirection = z.infer<typeof TranslateDirection>;

/**
 * The longest side an image is translated at. The generators are fully convolutional, so any size
 * works; this bounds the time and memory one image takes on a CPU.
 */
export const TranslateMaxSide = z.number().int().min(64).max(1024);
export const defaultTranslateMaxSide = 512;

const TranslateRef = {
  projectId: ProjectId,
  runId: RunId,
  /** A checkpoint's step; the newest when absent. */
  step: z.number().int().nonnegative().optional(),
  direction: TranslateDirection,
  maxSide: TranslateMaxSide.default(defaultTranslateMaxSide),
};

/** One image before and after, as data: URLs of PNGs at the size it was translated at. */
export const TranslatedPreview = z.object({
  step: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  before: z.string(),
  after: z.string(),
});
export type TranslatedPreview = z.infer<typeof TranslatedPreview>;

/** A trained CycleGAN applied to images (Zhu et al.): one image to look at, or whole folders as a job. */
export const translateCalls = {
  /** Translates one image (the first image file of the source) and returns it before and after. */
  'translate:preview': {
    args: z.object({ ...TranslateRef, source: ImportSource }).strict(),
    result: TranslatedPreview,
  },
  /**
   * Translates every image of the source into PNGs in a new folder (inside the project's
   * translations/ unless outDir is given); never writes over a file, never touches the originals.
   */
  'translate:folder': {
    args: z.object({ ...TranslateRef, source: ImportSource, outDir: UserPath.optional() }).strict(),
    result: z.object({ jobId: JobId, outDir: z.string() }),
  },
} as const;
