import { z } from 'zod';
import { AppInfo, Settings } from './app.js';
import { BackendInfo } from './backend.js';
import { JobId, JobSummary } from './jobs.js';

export const NoArgs = z.object({}).strict();
export const JobStarted = z.object({ jobId: JobId });

/** App-wide calls: information, settings, the compute backend, the trainer and jobs. */
export const appCalls = {
  'app:info': { args: NoArgs, result: AppInfo },
  'settings:get': { args: NoArgs, result: Settings },
  'settings:update': { args: Settings.partial().strict(), result: Settings },
  'backend:info': { args: NoArgs, result: BackendInfo },
  'trainer:restart': { args: NoArgs, result: z.object({ restarted: z.boolean() }) },
  'jobs:list': { args: NoArgs, result: z.array(JobSummary) },
  'jobs:cancel': {
    args: z
      .object({
        jobId: JobId,
        /** For jobs that build something (an import): keep what was done so far, or roll it all back. */
        keepPartial: z.boolean().default(true),
      })
      .strict(),
    result: JobSummary,
  },
  'system:benchmark': {
    args: z
      .object({
        iterations: z.number().int().min(1).max(1000).default(20),
        size: z.union([z.literal(32), z.literal(64)]).default(32),
      })
      .strict(),
    result: JobStarted,
  },
} as const;
