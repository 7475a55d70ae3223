import { z } from 'zod';

/** A failure as it crosses a process boundary: a code to branch on and words for the user. */
export const ServiceError = z.object({
  code: z.enum(['invalid-args', 'unknown-call', 'forbidden', 'not-found', 'conflict', 'internal']),
  message: z.string(),
});
export type ServiceError = z.infer<typeof ServiceError>;

/** What every call returns over IPC or WebSocket, so errors survive serialisation intact. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

/** WebSocket frames (browser mode). IPC uses the same call names and outcome shape. */
export const WsRequest = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(64),
  args: z.unknown(),
});
export type WsRequest = z.infer<typeof WsRequest>;

export type WsServerFrame =
  ({ kind: 'reply'; id: number } & CallOutcome<unknown>) | { kind: 'event'; event: string; payload: unknown };
