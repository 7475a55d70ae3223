import {
  calls,
  events,
  type CallArgs,
  type CallName,
  type CallResult,
  type EventName,
  type EventPayload,
} from '$contract';
import { ElectronTransport, findBridge } from './ganvas-bridge.js';
import { projectFileUrlFor } from './project-file-url.js';
import { ServiceCallError } from './service-call-error.js';
import { socketUrl, takeSessionToken } from './session-token.js';
import type { ConnectionState, Transport } from './transport.js';
import { browserSocket, WsTransport } from './ws-transport.js';

export interface Api {
  readonly kind: Transport['kind'];
  /** Resolves with the contract's result type, or throws a ServiceCallError. */
  call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>>;
  /** Listens to one event channel; payloads that do not match the contract never reach the listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  connection(): ConnectionState;
  /** Where the page loads a file of an open project (a thumbnail), by its project-relative path. */
  fileUrl(projectId: string, relativePath: string): string;
}

export function createApi(transport: Transport, warn: (...data: unknown[]) => void = console.warn): Api {
  return {
    kind: transport.kind,

    async call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>> {
      const outcome = await transport.invoke(name, args);
      if (!outcome.ok) throw new ServiceCallError(name, outcome.error.code, outcome.error.message);
      const parsed = calls[name].result.safeParse(outcome.value);
      if (!parsed.success) {
        throw new ServiceCallError(
          name,
          'bad-reply',
          `The service answered ${name} with something this version of Ganvas does not understand.`,
        );
      }
      return parsed.data as CallResult<C>;
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const schema = events[event];
      return transport.onEvent(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          warn(`Ganvas: dropped a ${event} event that does not match the contract.`, parsed.error.issues);
          return;
        }
        listener(parsed.data as EventPayload<E>);
      });
    },

    onConnectionChange: (listener) => transport.onConnectionChange(listener),
    connection: () => transport.connection(),
    fileUrl: (projectId, relativePath) => projectFileUrlFor(transport.kind, projectId, relativePath),
  };
}

/** Electron's preload bridge when it is there; otherwise the browser-mode socket to the page's own host. */
export function defaultTransport(): Transport {
  const bridge = findBridge(window);
  if (bridge) return new ElectronTransport(bridge);
  const token = takeSessionToken(window);
  return new WsTransport({
    url: token === null ? null : socketUrl(window.location, token),
    openSocket: browserSocket,
  });
}

let shared: Api | undefined;

/** The app's one client, created on first use so that importing this module has no side effects. */
export const api: Api = {
  get kind() {
    return sharedApi().kind;
  },
  call: (name, args) => sharedApi().call(name, args),
  on: (event, listener) => sharedApi().on(event, listener),
  onConnectionChange: (listener) => sharedApi().onConnectionChange(listener),
  connection: () => sharedApi().connection(),
  fileUrl: (projectId, relativePath) => sharedApi().fileUrl(projectId, relativePath),
};

/**
 * A project file's URL for an <img>: Electron's `ganvas-file://project/<id>/<path>`, or browser mode's
 * `/project-file/<id>/<path>` (same origin, so the session cookie carries the secret).
 */
export function projectFileUrl(projectId: string, relativePath: string): string {
  return api.fileUrl(projectId, relativePath);
}

function sharedApi(): Api {
  shared ??= createApi(defaultTransport());
  return shared;
}
