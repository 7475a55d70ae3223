import type { ServiceError } from '../contract/index.js';

/** An expected failure with a code the client can branch on and a message for the user. */
export class ServiceFailure extends Error {
  constructor(
    readonly code: ServiceError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ServiceFailure';
  }
}

export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceFailure) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside Ganvas: ${message}` };
}
