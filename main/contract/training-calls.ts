import { z } from 'zod';
import { JobId } from './jobs.js';
import { ProjectId, SafeId, UserPath } from './projects.js';
import { MetricPoint, PresetName, RunId, RunSummary, TrainingSettingsFields } from './training.js';

const RunRef = { projectId: ProjectId, runId: RunId };
const RunStarted = z.object({ run: RunSummary, jobId: JobId });
const RunName = z.string().trim().min(1).max(80);

/** Training runs: start, pause, resume, stop, branch, and read what they produced. */
export const trainingCalls = {
  'runs:list': { args: z.object({ projectId: ProjectId }).strict(), result: z.array(RunSummary) },
  'runs:get': { args: z.object(RunRef).strict(), result: RunSummary },
  /** The run's loss curve from a step on; long curves are thinned to at most maxPoints (the newest kept). */
  'runs:metrics': {
    args: z
      .object({
        ...RunRef,
        fromStep: z.number().int().nonnegative().default(0),
        maxPoints: z.number().int().min(10).max(100_000).default(5000),
      })
      .strict(),
    result: z.array(MetricPoint),
  },
  /** Moves the run's folder to the trash (or deletes it where there is none). */
  'runs:delete': {
    args: z.object({ ...RunRef, confirm: z.literal(true) }).strict(),
    result: z.object({ deleted: z.boolean(), trashed: z.boolean() }),
  },
  /** A new run on a dataset: a preset, with any setting overridden. */
  'training:start': {
    args: z
      .object({
        projectId: ProjectId,
        datasetId: SafeId,
        preset: PresetName.default('quick'),
        settings: TrainingSettingsFields.partial().strict().default({}),
        name: RunName.optional(),
      })
      .strict(),
    result: RunStarted,
  },
  /** Continues a paused, stopped or interrupted run from its newest checkpoint (more steps if given). */
  'training:resume': {
    args: z.object({ ...RunRef, totalSteps: z.number().int().min(1).optional() }).strict(),
    result: RunStarted,
  },
  /** Writes a checkpoint and stops; `pause` keeps the run resumable in one click, `stop` marks it done. */
  'training:pause': { args: z.object(RunRef).strict(), result: RunSummary },
  'training:stop': { args: z.object(RunRef).strict(), result: RunSummary },
  /** A new run that starts from one checkpoint of another, with changed settings (not the architecture). */
  'training:branch': {
    args: z
      .object({
        ...RunRef,
        step: z.number().int().nonnegative(),
        settings: TrainingSettingsFields.partial().strict().default({}),
        name: RunName.optional(),
      })
      .strict(),
    result: RunStarted,
  },
  /** Writes `count` generated PNGs to a folder (the EMA generator unless useEma is false). */
  'runs:sample': {
    args: z
      .object({
        ...RunRef,
        step: z.number().int().nonnegative().optional(),
        count: z.number().int().min(1).max(10_000),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(0),
        outDir: UserPath,
        useEma: z.boolean().default(true),
      })
      .strict(),
    result: z.object({ jobId: JobId }),
  },
} as const;
