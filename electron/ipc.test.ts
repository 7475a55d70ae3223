import { describe, expect, it, vi } from 'vitest';
import type { CallOutcome, EventName } from '../main/contract/index.js';
import { appOrigin } from './app-origin.js';
import {
  callChannel,
  eventChannel,
  pickPathsChannel,
  pickSavePathChannel,
  type EventMessage,
} from './ipc-channels.js';
import { isTrustedSender, type SenderFrame } from './ipc-guard.js';
import { connectStudioIpc, type EventRecipient, type IpcMainLike, type InvokeEventLike } from './ipc.js';

type InvokeListener = (event: InvokeEventLike, ...params: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, InvokeListener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  const invoke = async (frame: SenderFrame | null, ...params: unknown[]) => {
    const handler = handlers.get(callChannel);
    if (!handler) throw new Error('no handler');
    return (await handler({ senderFrame: frame }, ...params)) as CallOutcome<unknown>;
  };
  return { ipcMain, handlers, invoke };
}

function fakeStudio() {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  return {
    call: vi.fn(async (_name: string, _args: unknown): Promise<CallOutcome<unknown>> => ({
      ok: true,
      value: 'answer',
    })),
    onEvent: vi.fn((listener: (event: EventName, payload: unknown) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    emit: (event: EventName, payload: unknown) => listeners.forEach((listener) => listener(event, payload)),
    listenerCount: () => listeners.size,
  };
}

function setup(recipients: EventRecipient[] = []) {
  const ipc = fakeIpcMain();
  const studio = fakeStudio();
  const disconnect = connectStudioIpc({
    ipcMain: ipc.ipcMain,
    studio,
    appOrigin,
    recipients: () => recipients,
  });
  return { ...ipc, studio, disconnect };
}

const appFrame: SenderFrame = { url: 'ganvas://app/index.html', parent: null };

describe('isTrustedSender', () => {
  it("trusts the app's top-level frame, on any page of the app", () => {
    expect(isTrustedSender(appFrame, appOrigin)).toBe(true);
    expect(isTrustedSender({ url: 'ganvas://app/', parent: null }, appOrigin)).toBe(true);
    expect(isTrustedSender({ url: 'ganvas://APP/index.html#/train', parent: null }, appOrigin)).toBe(true);
  });

  it.each([
    ['a web page', 'https://evil.example/index.html'],
    ['a file elsewhere on disk', 'file:///home/someone/Downloads/page.html'],
    ['a file named like the app', 'file:///app/index.html'],
    ['another host on the app scheme', 'ganvas://evil/index.html'],
    ['a host that only starts like the app', 'ganvas://app.evil/index.html'],
    ['the project image scheme', 'ganvas-file://project/p1/a.png'],
    ['credentials smuggled into the URL', 'ganvas://someone@app/index.html'],
    ['about:blank', 'about:blank'],
    ['an empty URL', ''],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedSender({ url, parent: null }, appOrigin)).toBe(false);
  });

  it('refuses a subframe even when it shows an app page', () => {
    expect(isTrustedSender({ url: 'ganvas://app/index.html', parent: appFrame }, appOrigin)).toBe(false);
  });

  it('refuses a frame that is gone or detached', () => {
    expect(isTrustedSender(null, appOrigin)).toBe(false);
    expect(isTrustedSender(undefined, appOrigin)).toBe(false);
    expect(isTrustedSender({ ...appFrame, detached: true }, appOrigin)).toBe(false);
  });

  it('fails closed when the frame does not say whether it has a parent', () => {
    expect(isTrustedSender({ url: appFrame.url } as unknown as SenderFrame, appOrigin)).toBe(false);
  });
});

describe('connectStudioIpc: calls', () => {
  it('passes a well-formed call from the app frame to the studio and returns its outcome', async () => {
    const { invoke, studio } = setup();
    const outcome = await invoke(appFrame, 'jobs:cancel', { jobId: 'job-1' });
    expect(outcome).toEqual({ ok: true, value: 'answer' });
    expect(studio.call).toHaveBeenCalledExactlyOnceWith('jobs:cancel', { jobId: 'job-1' });
  });

  it('accepts a call without args when the call takes none', async () => {
    const { invoke, studio } = setup();
    expect(await invoke(appFrame, 'app:info')).toEqual({ ok: true, value: 'answer' });
    expect(studio.call).toHaveBeenCalledOnce();
  });

  it.each([
    ['a foreign origin', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/evil.html', parent: null }],
    ['a subframe of the app', { url: 'ganvas://app/index.html', parent: appFrame }],
    ['a frame that is gone', null],
  ])('refuses %s without calling the studio', async (_label, frame) => {
    const { invoke, studio } = setup();
    const outcome = await invoke(frame as SenderFrame | null, 'app:info', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(studio.call).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown call', ['fs:readEverything', {}], 'unknown-call'],
    ['a call name that is not a string', [42, {}], 'unknown-call'],
    ['an inherited property as call name', ['__proto__', {}], 'unknown-call'],
    ['args of the wrong type', ['jobs:cancel', { jobId: 7 }], 'invalid-args'],
    ['args that are not an object', ['jobs:cancel', 'job-1'], 'invalid-args'],
    ['missing args', ['jobs:cancel', {}], 'invalid-args'],
    ['extra keys', ['settings:update', { theme: 'dark', dataDir: '/etc' }], 'invalid-args'],
    ['out-of-range values', ['system:benchmark', { iterations: 1e9 }], 'invalid-args'],
    ['more positional arguments than a call has', ['app:info', {}, 'extra'], 'invalid-args'],
  ])('refuses %s without calling the studio', async (_label, params, code) => {
    const { invoke, studio } = setup();
    const outcome = await invoke(appFrame, ...params);
    expect(outcome).toMatchObject({ ok: false, error: { code } });
    expect(studio.call).not.toHaveBeenCalled();
  });

  it('turns a studio that throws into an internal error instead of a rejected invoke', async () => {
    const { invoke, studio } = setup();
    studio.call.mockRejectedValueOnce(new Error('disk on fire'));
    const outcome = await invoke(appFrame, 'app:info', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!outcome.ok) expect(outcome.error.message).not.toContain('disk on fire');
  });
});

describe('connectStudioIpc: events', () => {
  function recipient(url: string, destroyed = false) {
    const sent: Array<[string, EventMessage]> = [];
    const target: EventRecipient = {
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (channel, message) => sent.push([channel, message]),
    };
    return { target, sent };
  }

  it('pushes studio events to app windows only', () => {
    const app = recipient('ganvas://app/index.html');
    const elsewhere = recipient('https://evil.example/');
    const closed = recipient('ganvas://app/index.html', true);
    const { studio } = setup([app.target, elsewhere.target, closed.target]);
    studio.emit('trainer:status', { state: 'ready', pid: 12, lastError: null, restarts: 0 });
    expect(app.sent).toEqual([
      [
        eventChannel,
        { event: 'trainer:status', payload: { state: 'ready', pid: 12, lastError: null, restarts: 0 } },
      ],
    ]);
    expect(elsewhere.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });

  it('keeps delivering to other windows when one send fails', () => {
    const broken: EventRecipient = {
      isDestroyed: () => false,
      getURL: () => 'ganvas://app/index.html',
      send: () => {
        throw new Error('An object could not be cloned.');
      },
    };
    const app = recipient('ganvas://app/index.html');
    const { studio } = setup([broken, app.target]);
    expect(() => studio.emit('backend:changed', { name: 'cpu' })).not.toThrow();
    expect(app.sent).toHaveLength(1);
  });

  it('disconnects both channels', () => {
    const { handlers, studio, disconnect } = setup();
    expect(handlers.has(callChannel)).toBe(true);
    expect(studio.listenerCount()).toBe(1);
    disconnect();
    expect(handlers.has(callChannel)).toBe(false);
    expect(studio.listenerCount()).toBe(0);
  });
});

describe('connectStudioIpc: the open dialog', () => {
  function withDialog(answer: string[] | Error = ['/home/me/Moths']) {
    const ipc = fakeIpcMain();
    const pickPaths = vi.fn(async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const disconnect = connectStudioIpc({
      ipcMain: ipc.ipcMain,
      studio: fakeStudio(),
      appOrigin,
      recipients: () => [],
      pickPaths,
    });
    const ask = async (frame: SenderFrame | null, ...params: unknown[]) => {
      const handler = ipc.handlers.get(pickPathsChannel);
      if (!handler) throw new Error('no dialog handler');
      return (await handler({ senderFrame: frame }, ...params)) as CallOutcome<string[]>;
    };
    return { ...ipc, pickPaths, ask, disconnect };
  }

  it('shows the dialog for the app frame and returns what the user picked', async () => {
    const { ask, pickPaths } = withDialog();
    expect(await ask(appFrame, { directories: true, multiple: false })).toEqual({
      ok: true,
      value: ['/home/me/Moths'],
    });
    expect(pickPaths).toHaveBeenCalledExactlyOnceWith({ directories: true, multiple: false });
  });

  it('never shows it for another frame', async () => {
    const { ask, pickPaths } = withDialog();
    const outcome = await ask(
      { url: 'https://evil.example/', parent: null },
      { directories: true, multiple: true },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(pickPaths).not.toHaveBeenCalled();
  });

  it.each([
    ['no request', []],
    ['a string', ['/etc']],
    ['a missing flag', [{ directories: true }]],
    ['a default path smuggled in', [{ directories: true, multiple: false, defaultPath: '/etc' }]],
    ['two requests', [{ directories: true, multiple: false }, {}]],
  ])('refuses %s', async (_label, params) => {
    const { ask, pickPaths } = withDialog();
    expect(await ask(appFrame, ...params)).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect(pickPaths).not.toHaveBeenCalled();
  });

  it('turns a dialog that fails into an error the page can show', async () => {
    const { ask } = withDialog(new Error('no display'));
    expect(await ask(appFrame, { directories: false, multiple: true })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('drop the files instead') },
    });
  });

  it('is removed on disconnect, and absent when no dialog is given', () => {
    const { handlers, disconnect } = withDialog();
    expect(handlers.has(pickPathsChannel)).toBe(true);
    disconnect();
    expect(handlers.has(pickPathsChannel)).toBe(false);
    expect(setup().handlers.has(pickPathsChannel)).toBe(false);
  });
});

describe('connectStudioIpc: the save dialog', () => {
  function withSaveDialog(answer: string | null = '/home/me/Pictures/moth.png') {
    const ipc = fakeIpcMain();
    const pickSavePath = vi.fn(async () => answer);
    const disconnect = connectStudioIpc({
      ipcMain: ipc.ipcMain,
      studio: fakeStudio(),
      appOrigin,
      recipients: () => [],
      pickSavePath,
    });
    const ask = async (frame: SenderFrame | null, ...params: unknown[]) => {
      const handler = ipc.handlers.get(pickSavePathChannel);
      if (!handler) throw new Error('no save dialog handler');
      return (await handler({ senderFrame: frame }, ...params)) as CallOutcome<string | null>;
    };
    return { ...ipc, pickSavePath, ask, disconnect };
  }

  it('shows it for the app frame with the suggested name and returns the chosen path (null when cancelled)', async () => {
    const { ask, pickSavePath } = withSaveDialog();
    expect(await ask(appFrame, { defaultName: 'seed-7.png' })).toEqual({
      ok: true,
      value: '/home/me/Pictures/moth.png',
    });
    expect(pickSavePath).toHaveBeenCalledExactlyOnceWith({ defaultName: 'seed-7.png' });
    expect(await withSaveDialog(null).ask(appFrame, { defaultName: 'x.png' })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('never shows it for another frame, nor with a folder or extra options smuggled in', async () => {
    const { ask, pickSavePath } = withSaveDialog();
    expect(await ask({ url: 'https://evil.example/', parent: null }, { defaultName: 'a.png' })).toMatchObject(
      {
        ok: false,
        error: { code: 'forbidden' },
      },
    );
    for (const bad of [
      { defaultName: '../../etc/passwd' },
      { defaultName: 'a.png', defaultPath: '/etc' },
      { defaultName: 3 },
      {},
    ]) {
      expect(await ask(appFrame, bad)).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    }
    expect(pickSavePath).not.toHaveBeenCalled();
  });

  it('is removed on disconnect', () => {
    const { handlers, disconnect } = withSaveDialog();
    expect(handlers.has(pickSavePathChannel)).toBe(true);
    disconnect();
    expect(handlers.has(pickSavePathChannel)).toBe(false);
  });
});
