import { z } from 'zod';
import { AppInfo, Settings } from './app.js';
import { BackendInfo } from './backend.js';
import { JobId, JobSummary } from './jobs.js';

const NoArgs = z.object({}).strict();
const JobStarted = z.object({ jobId: JobId });

/**
 * Every request the renderer (or CLI) can make of the service, as `domain:verb`.
 * Args are strict: an unknown key is a malformed payload, not something to ignore.
 */
export const calls = {
  'app:info': { args: NoArgs, result: AppInfo },
  'settings:get': { args: NoArgs, result: Settings },
  'settings:update': { args: Settings.partial().strict(), result: Settings },
  'backend:info': { args: NoArgs, result: BackendInfo },
  'trainer:restart': { args: NoArgs, result: z.object({ restarted: z.boolean() }) },
  'jobs:list': { args: NoArgs, result: z.array(JobSummary) },
  'jobs:cancel': { args: z.object({ jobId: JobId }).strict(), result: JobSummary },
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

export type CallName = keyof typeof calls;
export const callNames = Object.keys(calls) as CallName[];
export type CallArgs<C extends CallName> = z.input<(typeof calls)[C]['args']>;
export type CallArgsParsed<C extends CallName> = z.output<(typeof calls)[C]['args']>;
export type CallResult<C extends CallName> = z.output<(typeof calls)[C]['result']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
