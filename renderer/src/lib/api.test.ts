import type { AppInfo, CallOutcome, TrainerStatus } from '$contract';
import { describe, expect, it, vi } from 'vitest';
import { createApi } from './api.js';
import { ServiceCallError } from './service-call-error.js';
import type { ConnectionState, Transport } from './transport.js';

class FakeTransport implements Transport {
  readonly kind = 'websocket';
  readonly calls: { call: string; args: unknown }[] = [];
  readonly listeners = new Map<string, (payload: unknown) => void>();
  outcome: CallOutcome<unknown> = { ok: true, value: null };

  invoke(call: string, args: unknown): Promise<CallOutcome<unknown>> {
    this.calls.push({ call, args });
    return Promise.resolve(this.outcome);
  }

  onEvent(event: string, listener: (payload: unknown) => void): () => void {
    this.listeners.set(event, listener);
    return () => this.listeners.delete(event);
  }

  onConnectionChange(): () => void {
    return () => {};
  }

  connection(): ConnectionState {
    return { status: 'connected', attempt: 0, retryInMs: null };
  }

  emit(event: string, payload: unknown): void {
    this.listeners.get(event)?.(payload);
  }
}

const trainer: TrainerStatus = { state: 'ready', pid: 42, lastError: null, restarts: 0 };

describe('createApi', () => {
  it('sends the call by name and returns the validated result', async () => {
    const transport = new FakeTransport();
    transport.outcome = { ok: true, value: { backend: 'wasm', theme: 'dark' } };
    const api = createApi(transport);
    await expect(api.call('settings:update', { theme: 'dark' })).resolves.toEqual({
      backend: 'wasm',
      theme: 'dark',
    });
    expect(transport.calls).toEqual([{ call: 'settings:update', args: { theme: 'dark' } }]);
  });

  it('throws the service error as a ServiceCallError with its code', async () => {
    const transport = new FakeTransport();
    transport.outcome = { ok: false, error: { code: 'not-found', message: 'No job abc.' } };
    const error = await createApi(transport)
      .call('jobs:cancel', { jobId: 'abc' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceCallError);
    expect(error).toMatchObject({ code: 'not-found', message: 'No job abc.', call: 'jobs:cancel' });
  });

  it('refuses a result that does not match the contract', async () => {
    const transport = new FakeTransport();
    const notAppInfo: Partial<AppInfo> = { name: 'Ganvas', version: '0.1.0' };
    transport.outcome = { ok: true, value: notAppInfo };
    await expect(createApi(transport).call('app:info', {})).rejects.toMatchObject({ code: 'bad-reply' });
  });

  it('delivers event payloads that match the contract', () => {
    const transport = new FakeTransport();
    const listener = vi.fn();
    createApi(transport).on('trainer:status', listener);
    transport.emit('trainer:status', trainer);
    expect(listener).toHaveBeenCalledWith(trainer);
  });

  it('drops and reports event payloads that do not match the contract', () => {
    const transport = new FakeTransport();
    const warn = vi.fn();
    const listener = vi.fn();
    createApi(transport, warn).on('jobs:event', listener);
    transport.emit('jobs:event', { type: 'progress', jobId: 'j1', progress: { fraction: 7, message: '' } });
    expect(listener).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain('jobs:event');
  });

  it('stops delivering once unsubscribed', () => {
    const transport = new FakeTransport();
    const listener = vi.fn();
    const stop = createApi(transport).on('trainer:status', listener);
    stop();
    transport.emit('trainer:status', trainer);
    expect(listener).not.toHaveBeenCalled();
  });

  it('gives project files a URL for its transport', () => {
    expect(createApi(new FakeTransport()).fileUrl('p1', 'datasets/d 1/thumbs/a.webp')).toBe(
      '/project-file/p1/datasets/d%201/thumbs/a.webp',
    );
  });
});
