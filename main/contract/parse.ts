import { calls, isCallName, type CallArgsParsed, type CallName } from './calls.js';
import type { ServiceError } from './envelope.js';

export type ParsedCall = {
  [C in CallName]: { ok: true; call: C; args: CallArgsParsed<C> };
}[CallName];

/**
 * The one gate every payload passes before the service sees it, for IPC and WebSocket alike.
 * Unknown call names and args that do not match the schema are refused with a readable reason.
 */
export function parseCall(call: unknown, args: unknown): ParsedCall | { ok: false; error: ServiceError } {
  if (!isCallName(call)) {
    return { ok: false, error: { code: 'unknown-call', message: `Unknown call ${describe(call)}.` } };
  }
  const parsed = calls[call].args.safeParse(args ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(args)'}: ${issue.message}`)
      .join('; ');
    return {
      ok: false,
      error: { code: 'invalid-args', message: `Invalid arguments for ${call}: ${detail}` },
    };
  }
  return { ok: true, call, args: parsed.data } as ParsedCall;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 64)}"` : `of type ${typeof value}`;
}
