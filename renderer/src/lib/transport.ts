import type { CallOutcome } from '$contract';

export type ConnectionStatus =
  /** First attempt, never connected yet: calls wait for it. */
  | 'connecting'
  | 'connected'
  /** Lost or refused: calls fail at once until the next attempt succeeds. */
  | 'reconnecting'
  /** Browser mode opened without the access key: there is nothing to retry. */
  | 'no-token';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts since the last successful connection. */
  attempt: number;
  /** Delay before the next attempt, while reconnecting. */
  retryInMs: number | null;
}

/** How the client reaches the service: Electron IPC or the browser-mode WebSocket. */
export interface Transport {
  readonly kind: 'electron' | 'websocket';
  /** Resolves with the service's outcome; rejects (ServiceCallError) only when the service never answered. */
  invoke(call: string, args: unknown): Promise<CallOutcome<unknown>>;
  onEvent(event: string, listener: (payload: unknown) => void): () => void;
  /** Listeners hear changes only, not the current state: read that with `connection()`. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  connection(): ConnectionState;
}
