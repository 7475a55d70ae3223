import { z } from 'zod';
import { RunEvaluation } from './evaluation.js';
import { JobId } from './jobs.js';
import { ProjectId } from './projects.js';
import { RunId } from './training.js';

const RunRef = { projectId: ProjectId, runId: RunId };

/** Which checkpoints to evaluate: one step, the newest, or all of them. */
export const CheckpointChoice = z.union([
  z.number().int().nonnegative(),
  z.literal('newest'),
  z.literal('all'),
]);
export type CheckpointChoice = z.infer<typeof CheckpointChoice>;

/** Is it learning? Two-sample test, feature distances, memorisation and diversity per checkpoint. */
export const evaluationCalls = {
  /** Evaluates checkpoints of a run as a background job; results land in the run's evaluation.json. */
  'runs:evaluate': {
    args: z
      .object({
        ...RunRef,
        checkpoint: CheckpointChoice.default('newest'),
        /** Samples generated per checkpoint (and at most as many training images compared). */
        count: z.number().int().min(16).max(1024).default(256),
        useEma: z.boolean().default(true),
      })
      .strict(),
    result: z.object({ jobId: JobId, steps: z.array(z.number().int()) }),
  },
  /** What evaluations the run has, oldest step first; `problem` says when its file could not be read. */
  'runs:evaluation': {
    args: z.object(RunRef).strict(),
    result: RunEvaluation.extend({ problem: z.string().nullable() }),
  },
} as const;
