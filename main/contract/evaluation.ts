import { z } from 'zod';

/** Which network turned images into feature vectors: distances are comparable only within one. */
export const FeatureNetworkInfo = z.object({
  id: z.enum(['mobilenet-v2', 'fallback-random-conv']),
  /** Plain words, shown next to every distance. */
  label: z.string(),
});
export type FeatureNetworkInfo = z.infer<typeof FeatureNetworkInfo>;

export const EvaluationWarning = z.object({
  code: z.enum(['mode-collapse', 'copies']),
  message: z.string(),
});
export type EvaluationWarning = z.infer<typeof EvaluationWarning>;

/** One generated sample beside its nearest training image (feature space), as PNGs in the run's folder. */
export const NearestPair = z.object({
  /** Paths relative to the project (runs/<id>/evaluation/<step>/…). */
  sample: z.string(),
  train: z.string(),
  distance: z.number(),
  copy: z.boolean(),
});
export type NearestPair = z.infer<typeof NearestPair>;

/** Everything measured of one checkpoint against the dataset's images. */
export const CheckpointEvaluation = z.object({
  step: z.number().int().nonnegative(),
  evaluatedAt: z.number(),
  /** What was compared with the real images: a DCGAN's samples, or a CycleGAN's A→B translations (against B). */
  subject: z.enum(['samples', 'translations']).default('samples'),
  features: FeatureNetworkInfo,
  sampleCount: z.number().int(),
  realCount: z.number().int(),
  /** Classifier two-sample test: held-out accuracy, its 95% interval and the p-value against guessing. */
  twoSample: z.object({
    accuracy: z.number(),
    low: z.number(),
    high: z.number(),
    testCount: z.number().int(),
    pValue: z.number(),
  }),
  frechetDistance: z.number(),
  kernelDistance: z.number(),
  diversity: z.object({
    generatedMeanDistance: z.number(),
    realMeanDistance: z.number(),
    /** generated / real: near 1 is the data's variety, well below 1 is collapse. */
    ratio: z.number(),
    /** Directions holding 99% of the variance. */
    generatedDirections: z.number().int(),
    realDirections: z.number().int(),
    /** Covariance eigenvalues, strongest first, as shares of the real data's total variance (at most 32). */
    generatedSpectrum: z.array(z.number()),
    realSpectrum: z.array(z.number()),
    support: z.object({ batchSize: z.number().int().nullable(), support: z.number(), atLeast: z.boolean() }),
  }),
  memorisation: z.object({
    copyThreshold: z.number(),
    copyCount: z.number().int(),
    medianRatio: z.number(),
    generatedToTrain: z.array(z.number()),
    realToTrain: z.array(z.number()),
    pairs: z.array(NearestPair),
  }),
  /** One line in plain words. */
  verdict: z.string(),
  warnings: z.array(EvaluationWarning),
});
export type CheckpointEvaluation = z.infer<typeof CheckpointEvaluation>;

/** `runs/<id>/evaluation.json`: every evaluated checkpoint of a run, oldest step first. */
export const RunEvaluation = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  checkpoints: z.array(CheckpointEvaluation),
});
export type RunEvaluation = z.infer<typeof RunEvaluation>;
