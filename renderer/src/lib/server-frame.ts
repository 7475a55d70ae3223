import { ServiceError, type WsServerFrame } from '$contract';
import { z } from 'zod';

const ReplyFrame = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(false), error: ServiceError }),
]);
const EventFrame = z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() });

/** Reads one WebSocket message from the service; null when it is not a frame of the protocol. */
export function parseServerFrame(data: unknown): WsServerFrame | null {
  if (typeof data !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  const parsed = (kind === 'event' ? EventFrame : ReplyFrame).safeParse(json);
  return parsed.success ? (parsed.data as WsServerFrame) : null;
}
