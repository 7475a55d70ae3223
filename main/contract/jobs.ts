import { z } from 'zod';

export const JobId = z.string().min(1).max(64);
export type JobId = z.infer<typeof JobId>;

export const JobKind = z.enum([
  'system:benchmark',
  'datasets:import',
  'datasets:rebuild-cache',
  'training:train',
  'runs:sample',
  'runs:evaluate',
  'translate:folder',
  'export:images',
  'export:sheet',
  'export:animation',
  'export:model',
  'export:archive',
]);
export type JobKind = z.infer<typeof JobKind>;

export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  /** 0..1, or null while the total is unknown. */
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string(),
  done: z.number().int().nonnegative().optional(),
  total: z.number().int().nonnegative().optional(),
  etaSeconds: z.number().nonnegative().nullable().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobSummary = z.object({
  id: JobId,
  kind: JobKind,
  title: z.string(),
  state: JobState,
  progress: JobProgress.nullable(),
  error: z.string().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type JobSummary = z.infer<typeof JobSummary>;

/** Events streamed for a job; throttled at the source, the final one always sent. */
export const JobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), job: JobSummary }),
  z.object({ type: z.literal('progress'), jobId: JobId, progress: JobProgress }),
  z.object({ type: z.literal('warning'), jobId: JobId, message: z.string() }),
  z.object({ type: z.literal('done'), jobId: JobId, result: z.unknown() }),
  z.object({ type: z.literal('failed'), jobId: JobId, error: z.string() }),
  z.object({ type: z.literal('cancelled'), jobId: JobId }),
]);
export type JobEvent = z.infer<typeof JobEvent>;

/** Result of the compute benchmark job: how fast this machine trains. */
export const BenchmarkResult = z.object({
  backend: z.string(),
  iterations: z.number().int(),
  secondsPerIteration: z.number(),
  gflopsPerSecond: z.number(),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResult>;
