import { describe, expect, it, vi } from 'vitest';
import { ServiceCallError } from './service-call-error.js';
import type { ConnectionState } from './transport.js';
import { retryDelayMs, WsTransport, type SocketConnection, type SocketHandlers } from './ws-transport.js';

class FakeSocket implements SocketConnection {
  readonly sent: string[] = [];
  closed = false;

  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.drop();
  }

  accept(): void {
    this.handlers.open();
  }

  drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.close();
  }

  receive(frame: unknown): void {
    this.handlers.message(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  requests(): unknown[] {
    return this.sent.map((frame) => JSON.parse(frame) as unknown);
  }
}

function setup(url: string | null = 'ws://127.0.0.1:4000/ws?token=abc') {
  const sockets: FakeSocket[] = [];
  const timers: { callback: () => void; ms: number; cleared: boolean }[] = [];
  const warn = vi.fn();
  const states: ConnectionState[] = [];
  const transport = new WsTransport({
    url,
    openSocket: (socketUrl, handlers) => {
      const socket = new FakeSocket(socketUrl, handlers);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => {
      const timer = { callback, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
    random: () => 1,
    warn,
  });
  transport.onConnectionChange((state) => states.push(state));
  const socket = (index: number): FakeSocket => {
    const found = sockets[index];
    if (!found) throw new Error(`no socket #${index}`);
    return found;
  };
  const fireTimer = (): void => {
    const timer = timers.shift();
    if (!timer || timer.cleared) throw new Error('no pending timer');
    timer.callback();
  };
  return { transport, sockets, socket, timers, fireTimer, warn, states };
}

async function rejection(promise: Promise<unknown>): Promise<ServiceCallError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ServiceCallError))
    throw new Error(`expected a ServiceCallError, got ${String(error)}`);
  return error;
}

describe('WsTransport', () => {
  it('connects to the given url at once and holds calls until the socket opens', async () => {
    const { transport, socket } = setup();
    expect(socket(0).url).toBe('ws://127.0.0.1:4000/ws?token=abc');
    expect(transport.connection().status).toBe('connecting');

    const reply = transport.invoke('app:info', {});
    expect(socket(0).sent).toEqual([]);
    socket(0).accept();
    expect(socket(0).requests()).toEqual([{ id: 1, call: 'app:info', args: {} }]);

    socket(0).receive({ kind: 'reply', id: 1, ok: true, value: { hello: 'world' } });
    await expect(reply).resolves.toEqual({ ok: true, value: { hello: 'world' } });
  });

  it('matches replies to requests by id, whatever order they arrive in', async () => {
    const { transport, socket } = setup();
    socket(0).accept();
    const first = transport.invoke('settings:get', {});
    const second = transport.invoke('jobs:list', {});
    socket(0).receive({ kind: 'reply', id: 2, ok: true, value: [] });
    socket(0).receive({
      kind: 'reply',
      id: 1,
      ok: false,
      error: { code: 'internal', message: 'settings file unreadable' },
    });
    await expect(second).resolves.toEqual({ ok: true, value: [] });
    await expect(first).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'settings file unreadable' },
    });
  });

  it('delivers events to the listeners of that channel only, until they unsubscribe', () => {
    const { transport, socket } = setup();
    socket(0).accept();
    const trainer = vi.fn();
    const jobs = vi.fn();
    const stopTrainer = transport.onEvent('trainer:status', trainer);
    transport.onEvent('jobs:event', jobs);

    socket(0).receive({ kind: 'event', event: 'trainer:status', payload: { state: 'ready' } });
    expect(trainer).toHaveBeenCalledWith({ state: 'ready' });
    expect(jobs).not.toHaveBeenCalled();

    stopTrainer();
    socket(0).receive({ kind: 'event', event: 'trainer:status', payload: { state: 'busy' } });
    expect(trainer).toHaveBeenCalledTimes(1);
  });

  it('rejects calls in flight when the connection drops, and reconnects after a backoff', async () => {
    const { transport, socket, sockets, timers, fireTimer, states } = setup();
    socket(0).accept();
    const inFlight = transport.invoke('system:benchmark', { iterations: 10, size: 32 });
    socket(0).drop();

    const error = await rejection(inFlight);
    expect(error.code).toBe('disconnected');
    expect(error.call).toBe('system:benchmark');
    expect(error.message).toMatch(/Lost the connection to the Ganvas service/);
    expect(transport.connection()).toEqual({ status: 'reconnecting', attempt: 1, retryInMs: 250 });
    expect(timers.map((timer) => timer.ms)).toEqual([250]);
    expect(sockets).toHaveLength(1);

    fireTimer();
    expect(sockets).toHaveLength(2);
    expect(socket(1).url).toBe(socket(0).url);
    socket(1).accept();
    expect(states.map((state) => state.status)).toEqual(['connected', 'reconnecting', 'connected']);

    const afterwards = transport.invoke('app:info', {});
    expect(socket(1).requests()).toEqual([{ id: 2, call: 'app:info', args: {} }]);
    socket(1).receive({ kind: 'reply', id: 2, ok: true, value: 'again' });
    await expect(afterwards).resolves.toEqual({ ok: true, value: 'again' });
  });

  it('refuses calls at once while reconnecting instead of letting them hang', async () => {
    const { transport, socket } = setup();
    socket(0).accept();
    socket(0).drop();
    const error = await rejection(transport.invoke('app:info', {}));
    expect(error.code).toBe('disconnected');
    expect(error.message).toMatch(/not connected to the Ganvas service/);
    expect(socket(0).sent).toEqual([]);
  });

  it('rejects calls waiting for a first connection that is refused, and keeps retrying with growing delays', async () => {
    const { transport, socket, fireTimer, timers } = setup();
    const waiting = transport.invoke('app:info', {});
    socket(0).drop();
    expect((await rejection(waiting)).message).toMatch(/Could not reach the Ganvas service/);

    fireTimer();
    socket(1).drop();
    fireTimer();
    socket(2).drop();
    expect(timers.map((timer) => timer.ms)).toEqual([1000]);
    expect(transport.connection()).toMatchObject({ status: 'reconnecting', attempt: 3 });

    fireTimer();
    socket(3).accept();
    expect(transport.connection()).toEqual({ status: 'connected', attempt: 0, retryInMs: null });
  });

  it('never tries to connect without an access key, and says why calls fail', async () => {
    const { transport, sockets } = setup(null);
    expect(sockets).toEqual([]);
    expect(transport.connection().status).toBe('no-token');
    const error = await rejection(transport.invoke('app:info', {}));
    expect(error.message).toMatch(/without its access key/);
  });

  it('ignores and reports messages that are not protocol frames or answer nothing it asked', async () => {
    const { transport, socket, warn } = setup();
    socket(0).accept();
    const reply = transport.invoke('app:info', {});
    socket(0).receive('not json');
    socket(0).receive({ kind: 'reply', id: 1, ok: false, error: { code: 'made-up', message: 'x' } });
    socket(0).receive({ kind: 'reply', id: 99, ok: true, value: 1 });
    expect(warn).toHaveBeenCalledTimes(3);

    socket(0).receive({ kind: 'reply', id: 1, ok: true, value: 'real' });
    await expect(reply).resolves.toEqual({ ok: true, value: 'real' });
  });

  it('keeps delivering an event to other listeners when one of them throws', () => {
    const { transport, socket, warn } = setup();
    socket(0).accept();
    const healthy = vi.fn();
    transport.onEvent('jobs:event', () => {
      throw new Error('boom');
    });
    transport.onEvent('jobs:event', healthy);
    socket(0).receive({ kind: 'event', event: 'jobs:event', payload: 1 });
    expect(healthy).toHaveBeenCalledWith(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('stops for good when disposed: pending calls rejected, no reconnection', async () => {
    const { transport, socket, timers } = setup();
    const waiting = transport.invoke('app:info', {});
    transport.dispose();
    expect((await rejection(waiting)).code).toBe('disconnected');
    expect(socket(0).closed).toBe(true);
    expect(timers).toEqual([]);
    expect((await rejection(transport.invoke('app:info', {}))).message).toMatch(/was closed/);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 250 ms up to a 5 s ceiling', () => {
    const top = (): number => 1;
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => retryDelayMs(attempt, top))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
  });

  it('spreads retries between half and all of the ceiling', () => {
    expect(retryDelayMs(3, () => 0)).toBe(500);
    expect(retryDelayMs(3, () => 0.5)).toBe(750);
  });
});
