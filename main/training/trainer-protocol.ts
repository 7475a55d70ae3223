import { z } from 'zod';
import { BackendInfo, JobId, JobProgress } from '../contract/index.js';

/**
 * The messages between the service (parent) and the trainer process (child). Both sides parse
 * every message they receive with these schemas: a process boundary is a trust boundary, and a
 * message from an older or broken peer must be dropped with a log line, not crash the receiver.
 */

export const BenchmarkTask = z.object({
  kind: z.literal('benchmark'),
  iterations: z.number().int().min(1).max(1000),
  size: z.union([z.literal(32), z.literal(64)]),
});
export type BenchmarkTask = z.infer<typeof BenchmarkTask>;

/** Work the trainer can do; later issues add training and sampling tasks here. */
export const TrainerTask = z.discriminatedUnion('kind', [BenchmarkTask]);
export type TrainerTask = z.infer<typeof TrainerTask>;

/** A job event as the trainer reports it: the service created the job, so there is no `started`. */
export const TrainerJobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: JobProgress }),
  z.object({ type: z.literal('warning'), message: z.string() }),
  z.object({ type: z.literal('done'), result: z.unknown() }),
  z.object({ type: z.literal('failed'), error: z.string() }),
  z.object({ type: z.literal('cancelled') }),
]);
export type TrainerJobEvent = z.infer<typeof TrainerJobEvent>;

export const finalJobEventTypes = ['done', 'failed', 'cancelled'] as const;

export function isFinalJobEvent(event: TrainerJobEvent): boolean {
  return (finalJobEventTypes as readonly string[]).includes(event.type);
}

export const ParentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), jobId: JobId, task: TrainerTask }),
  z.object({ type: z.literal('cancel'), jobId: JobId }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof ParentMessage>;

export const TrainerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), backend: BackendInfo }),
  z.object({ type: z.literal('job'), jobId: JobId, event: TrainerJobEvent }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  /** The trainer cannot go on (e.g. no backend loads); it exits right after sending this. */
  z.object({ type: z.literal('fatal'), message: z.string() }),
]);
export type TrainerMessage = z.infer<typeof TrainerMessage>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; problem: string };

export function parseParentMessage(raw: unknown): Parsed<ParentMessage> {
  return parseWith(ParentMessage, raw);
}

export function parseTrainerMessage(raw: unknown): Parsed<TrainerMessage> {
  return parseWith(TrainerMessage, raw);
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const detail = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem: `malformed message ${preview(raw)} (${detail})` };
}

function preview(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
