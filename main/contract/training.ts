import { z } from 'zod';
import { SafeId } from './projects.js';

/**
 * Image sizes a model can be trained at. DCGAN: 32, 64, 128 (Radford et al. describe 64 px; the
 * others follow the same rules). CycleGAN: 64, 128, 256 (Zhu et al. train at 256).
 */
export const ModelSize = z.union([z.literal(32), z.literal(64), z.literal(128), z.literal(256)]);
export type ModelSize = z.infer<typeof ModelSize>;

/** Which GAN a run trains: DCGAN makes new images from noise; CycleGAN translates between two folders. */
export const GanModel = z.enum(['dcgan', 'cyclegan']);
export type GanModel = z.infer<typeof GanModel>;

export const modelSizes: Record<GanModel, readonly ModelSize[]> = {
  dcgan: [32, 64, 128],
  cyclegan: [64, 128, 256],
};

/** CycleGAN's own settings (Zhu et al., section 4 and appendix 7). */
export const CycleSettings = z
  .object({
    /** Residual blocks in each generator: 6 at 128 px and below, 9 above. */
    residualBlocks: z.number().int().min(1).max(12),
    /** λ of the cycle-consistency loss (eq. 3). */
    cycleWeight: z.number().min(0).max(100),
    /** The identity loss's weight as a fraction of λ (section 5.2); 0 turns it off. */
    identityWeight: z.number().min(0).max(10),
    /** Generated images each discriminator's history pool keeps (section 4); 0 turns it off. */
    poolSize: z.number().int().min(0).max(200),
    /** The fraction of the run at the constant learning rate; it then falls linearly to zero. */
    decayFrom: z.number().min(0).max(1),
    /** Random crop (from 1.125× the size) and horizontal flip of the training images. */
    jitter: z.boolean(),
  })
  .strict();
export type CycleSettings = z.infer<typeof CycleSettings>;

export const PresetName = z.enum(['quick', 'standard', 'detailed']);
export type PresetName = z.infer<typeof PresetName>;

/**
 * Differentiable augmentation (Zhao et al., 2020, "DiffAugment"): the same random transforms applied
 * to real and generated images before D sees them, so D cannot memorise a small dataset.
 */
export const AugmentSettings = z
  .object({
    translation: z.boolean(),
    cutout: z.boolean(),
    colour: z.boolean(),
  })
  .strict();
export type AugmentSettings = z.infer<typeof AugmentSettings>;

/** The fields of TrainingSettings, without the checks across them (for partial settings). */
export const TrainingSettingsFields = z
  .object({
    /** Absent in runs made before CycleGAN existed: those are DCGANs. */
    model: GanModel.default('dcgan'),
    size: ModelSize,
    latentDim: z.number().int().min(2).max(512),
    /** Filters of the layer nearest the image; each layer towards 4x4 doubles them. */
    width: z.number().int().min(4).max(256),
    /** A DCGAN needs two or more (batch normalisation); CycleGAN trains on one image at a time. */
    batchSize: z.number().int().min(1).max(256),
    generatorLearningRate: z.number().positive().max(0.1),
    discriminatorLearningRate: z.number().positive().max(0.1),
    /** Adam's beta1; DCGAN uses 0.5 (Radford et al., section 4). */
    beta1: z.number().min(0).max(0.999),
    discriminatorSteps: z.number().int().min(1).max(10),
    /** Target for real images; below 1 is one-sided label smoothing (Salimans et al., 2016). */
    realLabel: z.number().min(0.5).max(1),
    augment: AugmentSettings,
    /** Decay of the generator's exponential moving average; 0 turns it off. */
    emaDecay: z.number().min(0).max(0.9999),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** The run stops (with a checkpoint) at this step. */
    totalSteps: z.number().int().min(1).max(10_000_000),
    checkpointEvery: z.number().int().min(1).max(1_000_000),
    sampleEvery: z.number().int().min(1).max(1_000_000),
    /** Retention: keep the newest `keepLast` checkpoints and every checkpoint whose step is a multiple of `keepEvery`. */
    keepLast: z.number().int().min(1).max(100),
    keepEvery: z.number().int().min(0).max(10_000_000),
    /** Present when model is 'cyclegan'. */
    cycle: CycleSettings.optional(),
  })
  .strict();

/** Everything a run is trained with; stored in the run and in every checkpoint. */
export const TrainingSettings = TrainingSettingsFields.superRefine((settings, context) => {
  if (!modelSizes[settings.model].includes(settings.size)) {
    context.addIssue({
      code: 'custom',
      path: ['size'],
      message: `A ${settings.model === 'dcgan' ? 'DCGAN' : 'CycleGAN'} trains at ${modelSizes[settings.model].join(', ')} px, not ${settings.size} px.`,
    });
  }
  if (settings.model === 'dcgan' && settings.batchSize < 2) {
    context.addIssue({
      code: 'custom',
      path: ['batchSize'],
      message: 'A DCGAN needs a batch of at least 2 images (batch normalisation).',
    });
  }
  if (settings.model === 'cyclegan' && !settings.cycle) {
    context.addIssue({ code: 'custom', path: ['cycle'], message: 'A CycleGAN needs its cycle settings.' });
  }
});
export type TrainingSettings = z.infer<typeof TrainingSettings>;

export const RunId = SafeId;
export type RunId = z.infer<typeof RunId>;

export const RunState = z.enum([
  'queued',
  'running',
  'paused',
  'stopped',
  'finished',
  'failed',
  'interrupted',
]);
export type RunState = z.infer<typeof RunState>;

export const CheckpointInfo = z.object({
  step: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  createdAt: z.number(),
});
export type CheckpointInfo = z.infer<typeof CheckpointInfo>;

/** One reporting tick of a run, as appended to metrics.jsonl. */
export const MetricPoint = z.object({
  step: z.number().int().positive(),
  /** Seconds of training so far in this run (all sessions together). */
  seconds: z.number().nonnegative(),
  dLoss: z.number(),
  gLoss: z.number(),
  /** Mean D(x) over real images and mean D(G(z)) over fakes, as probabilities. */
  dReal: z.number(),
  dFake: z.number(),
  imagesPerSecond: z.number().nonnegative(),
  /** Each named loss of a model with more than two (CycleGAN: D_A, D_B, G_AB, G_BA, cycle, identity). */
  losses: z.record(z.string(), z.number()).optional(),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

export const HealthWarning = z.object({
  code: z.enum([
    'discriminator-wins',
    'mode-collapse',
    'oscillation',
    'rolled-back',
    'small-dataset',
    'copies',
  ]),
  /** Plain words: what is going on and what to try. */
  message: z.string(),
  step: z.number().int().nonnegative(),
});
export type HealthWarning = z.infer<typeof HealthWarning>;

export const RunSummary = z.object({
  id: RunId,
  name: z.string(),
  datasetId: SafeId,
  preset: PresetName.nullable(),
  settings: TrainingSettings,
  state: RunState,
  /** Why it failed or was interrupted, in plain words. */
  stateReason: z.string().nullable(),
  /** The newest step reached (metrics), and the newest checkpoint (where a resume starts). */
  step: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  checkpoints: z.array(CheckpointInfo),
  checkpointBytes: z.number().int().nonnegative(),
  /** Steps that have a sample grid, oldest first (samples/<step>.png). */
  sampleSteps: z.array(z.number().int().nonnegative()),
  /** Where this run branched from. */
  parent: z.object({ runId: RunId, step: z.number().int().nonnegative() }).nullable(),
  warnings: z.array(HealthWarning),
  createdAt: z.number(),
  jobId: z.string().nullable(),
  backend: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** Streamed on `runs:event` while a run trains (alongside its job's progress events). */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('metrics'), projectId: z.string(), runId: RunId, points: z.array(MetricPoint) }),
  z.object({ type: z.literal('sample'), projectId: z.string(), runId: RunId, step: z.number().int() }),
  z.object({
    type: z.literal('checkpoint'),
    projectId: z.string(),
    runId: RunId,
    checkpoint: CheckpointInfo,
  }),
  z.object({ type: z.literal('warning'), projectId: z.string(), runId: RunId, warning: HealthWarning }),
  z.object({ type: z.literal('changed'), projectId: z.string(), run: RunSummary }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
