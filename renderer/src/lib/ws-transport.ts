import type { CallOutcome } from '$contract';
import { parseServerFrame } from './server-frame.js';
import { ServiceCallError } from './service-call-error.js';
import type { ConnectionState, Transport } from './transport.js';

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  /** Called once per socket, whether it was refused, dropped or closed by us. */
  close(): void;
}

export interface SocketConnection {
  send(data: string): void;
  close(): void;
}

/** Opens a socket; injected so tests can stand in for the browser's WebSocket. */
export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketConnection;

export interface WsTransportOptions {
  /** Null when the page has no access key: the transport then never tries to connect. */
  url: string | null;
  openSocket: OpenSocket;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
  warn?: (...data: unknown[]) => void;
}

interface PendingCall {
  call: string;
  frame: string;
  sent: boolean;
  resolve(outcome: CallOutcome<unknown>): void;
  reject(error: ServiceCallError): void;
}

const firstRetryMs = 250;
const maxRetryMs = 5000;

/** Exponential backoff with jitter, so many tabs do not hammer a restarting service in step. */
export function retryDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(maxRetryMs, firstRetryMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export function browserSocket(url: string, handlers: SocketHandlers): SocketConnection {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => handlers.message(event.data);
  socket.onclose = () => handlers.close();
  return {
    send: (data) => socket.send(data),
    close: () => socket.close(),
  };
}

/**
 * The browser-mode transport. Calls made before the first connection wait for it; calls in flight when
 * the connection drops are rejected, never replayed, because the service may already have acted on them.
 */
export class WsTransport implements Transport {
  readonly kind = 'websocket';
  private socket: SocketConnection | null = null;
  private connected = false;
  private everConnected = false;
  private disposed = false;
  private retryTimer: unknown = null;
  private nextId = 1;
  private state: ConnectionState;
  private readonly pending = new Map<number, PendingCall>();
  private readonly eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly setTimer: NonNullable<WsTransportOptions['setTimer']>;
  private readonly clearTimer: NonNullable<WsTransportOptions['clearTimer']>;
  private readonly random: () => number;
  private readonly warn: (...data: unknown[]) => void;

  constructor(private readonly options: WsTransportOptions) {
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
    this.random = options.random ?? Math.random;
    this.warn = options.warn ?? console.warn;
    if (options.url === null) {
      this.state = { status: 'no-token', attempt: 0, retryInMs: null };
    } else {
      this.state = { status: 'connecting', attempt: 0, retryInMs: null };
      this.connect(options.url);
    }
  }

  connection(): ConnectionState {
    return this.state;
  }

  invoke(call: string, args: unknown): Promise<CallOutcome<unknown>> {
    const refusal = this.refusalFor(call);
    if (refusal) return Promise.reject(refusal);
    const id = this.nextId++;
    const frame = JSON.stringify({ id, call, args });
    return new Promise((resolve, reject) => {
      const pending: PendingCall = { call, frame, sent: false, resolve, reject };
      this.pending.set(id, pending);
      if (this.connected) this.send(pending);
    });
  }

  onEvent(event: string, listener: (payload: unknown) => void): () => void {
    let listeners = this.eventListeners.get(event);
    if (!listeners) {
      listeners = new Set();
      this.eventListeners.set(event, listeners);
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Closes for good: no reconnection, every waiting call rejected. */
  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close();
    this.socket = null;
    this.connected = false;
    this.rejectAll('The connection to the Ganvas service was closed.');
  }

  private refusalFor(call: string): ServiceCallError | null {
    if (this.disposed) {
      return new ServiceCallError(call, 'disconnected', 'The connection to the Ganvas service was closed.');
    }
    if (this.state.status === 'no-token') {
      return new ServiceCallError(
        call,
        'disconnected',
        'This page was opened without its access key. Open the full link that npm start printed.',
      );
    }
    if (this.state.status === 'reconnecting') {
      return new ServiceCallError(
        call,
        'disconnected',
        `Could not run ${call}: not connected to the Ganvas service. It is retrying; try again in a moment.`,
      );
    }
    return null;
  }

  private connect(url: string): void {
    this.retryTimer = null;
    // Handlers of a socket we have since replaced must not touch the current state.
    let current = true;
    const socket = this.options.openSocket(url, {
      open: () => {
        if (current) this.handleOpen();
      },
      message: (data) => {
        if (current) this.handleMessage(data);
      },
      close: () => {
        if (!current) return;
        current = false;
        this.handleClose(url);
      },
    });
    this.socket = socket;
  }

  private handleOpen(): void {
    this.connected = true;
    this.everConnected = true;
    this.setState({ status: 'connected', attempt: 0, retryInMs: null });
    for (const pending of this.pending.values()) if (!pending.sent) this.send(pending);
  }

  private handleMessage(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) {
      this.warn('Ganvas: ignored a message from the service that is not part of the protocol.', data);
      return;
    }
    if (frame.kind === 'event') {
      for (const listener of this.eventListeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (error) {
          this.warn(`Ganvas: a listener for ${frame.event} failed.`, error);
        }
      }
      return;
    }
    const pending = this.pending.get(frame.id);
    if (!pending) {
      this.warn(`Ganvas: ignored a reply to unknown request ${frame.id}.`);
      return;
    }
    this.pending.delete(frame.id);
    pending.resolve(frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error });
  }

  private handleClose(url: string): void {
    this.socket = null;
    this.connected = false;
    if (this.disposed) return;
    this.rejectAll(
      this.everConnected
        ? 'Lost the connection to the Ganvas service before it answered. It is reconnecting; try again in a moment.'
        : 'Could not reach the Ganvas service. Is it still running? Retrying…',
    );
    const attempt = this.state.attempt + 1;
    const retryInMs = retryDelayMs(attempt, this.random);
    this.setState({ status: 'reconnecting', attempt, retryInMs });
    this.retryTimer = this.setTimer(() => this.connect(url), retryInMs);
  }

  private send(pending: PendingCall): void {
    pending.sent = true;
    try {
      this.socket?.send(pending.frame);
    } catch {
      // A socket that is closing refuses to send; its close handler rejects this call.
    }
  }

  private rejectAll(reason: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) {
      pending.reject(new ServiceCallError(pending.call, 'disconnected', `${pending.call}: ${reason}`));
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
