import type { CallArgs, CallName, CallResult, EventName, EventPayload } from '$contract';
import type { Api } from '../../lib/api.js';
import { ServiceCallError, type CallErrorCode } from '../../lib/service-call-error.js';
import type { ConnectionState } from '../../lib/transport.js';

type Handler<C extends CallName> = (args: CallArgs<C>) => CallResult<C> | Promise<CallResult<C>>;

/** An Api for store tests: calls answered by per-call handlers (and recorded), events pushed by hand. */
export class FakeApi implements Api {
  readonly kind = 'websocket';
  readonly calls: Array<{ name: CallName; args: unknown }> = [];
  readonly #handlers = new Map<CallName, (args: never) => unknown>();
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();

  handle<C extends CallName>(name: C, handler: Handler<C>): this {
    this.#handlers.set(name, handler as (args: never) => unknown);
    return this;
  }

  fail(name: CallName, code: CallErrorCode, message: string): this {
    this.#handlers.set(name, () => {
      throw new ServiceCallError(name, code, message);
    });
    return this;
  }

  callsOf(name: CallName): unknown[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.args);
  }

  async call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>> {
    this.calls.push({ name, args });
    const handler = this.#handlers.get(name);
    if (!handler) throw new ServiceCallError(name, 'internal', `no fake handler for ${name}`);
    return (await handler(args as never)) as CallResult<C>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.#listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload as never);
  }

  onConnectionChange(): () => void {
    return () => undefined;
  }

  connection(): ConnectionState {
    return { status: 'connected', attempt: 0, retryInMs: null };
  }

  fileUrl(projectId: string, relativePath: string): string {
    return `/project-file/${projectId}/${relativePath}`;
  }
}

/** A Storage in memory. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
