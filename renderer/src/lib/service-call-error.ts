import type { ServiceError } from '$contract';

/**
 * Codes a call can fail with: the service's own, plus two that only the client can know about
 * (the connection dropped before an answer; the answer did not match the contract).
 */
export type CallErrorCode = ServiceError['code'] | 'disconnected' | 'bad-reply';

/** Thrown by `api.call` whenever a call does not produce a valid result. */
export class ServiceCallError extends Error {
  override readonly name = 'ServiceCallError';

  constructor(
    readonly call: string,
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Words for the user from anything a call may throw. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
