import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { callChannel, eventChannel, pickPathsChannel, pickSavePathChannel } from './ipc-channels.js';

type Listener = (event: unknown, message: unknown) => void;

interface Bridge {
  invoke(call: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Runs the real preload the way a sandboxed renderer would: compiled to CommonJS, with a
 * `require` that knows nothing but 'electron' (here a recording fake).
 */
function loadPreload() {
  const source = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const invocations: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
    ipcRenderer: {
      invoke: async (...params: unknown[]) => {
        invocations.push(params);
        return { ok: true, value: null };
      },
      on: (channel: string, listener: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
    },
  };
  const require = (name: string) => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(outputText, { require, module, exports: module.exports });
  const push = (message: unknown) => {
    const ipcEvent = { sender: electron.ipcRenderer };
    for (const listener of listeners.get(eventChannel) ?? []) listener(ipcEvent, message);
  };
  return { exposed, listeners, invocations, push };
}

describe('preload', () => {
  it('exposes window.ganvas with exactly invoke, on, pathForFile, pickPaths and pickSavePath', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['ganvas']);
    expect(Object.keys(exposed.get('ganvas') as object).sort()).toEqual([
      'invoke',
      'on',
      'pathForFile',
      'pickPaths',
      'pickSavePath',
    ]);
  });

  it('asks for the save dialog with a suggested name and nothing else the page passed', async () => {
    const { exposed, invocations } = loadPreload();
    const bridge = exposed.get('ganvas') as { pickSavePath(options: unknown): Promise<unknown> };
    await bridge.pickSavePath({ defaultName: 'loop.mp4', defaultPath: '/etc' });
    await bridge.pickSavePath(null);
    expect(invocations).toEqual([
      [pickSavePathChannel, { defaultName: 'loop.mp4' }],
      [pickSavePathChannel, { defaultName: 'export' }],
    ]);
  });

  it('asks for the open dialog with two flags and nothing else the page passed', async () => {
    const { exposed, invocations } = loadPreload();
    const bridge = exposed.get('ganvas') as { pickPaths(options: unknown): Promise<unknown> };
    await bridge.pickPaths({ directories: true, multiple: 'yes', defaultPath: '/etc' });
    await bridge.pickPaths(null);
    expect(invocations).toEqual([
      [pickPathsChannel, { directories: true, multiple: false }],
      [pickPathsChannel, { directories: false, multiple: false }],
    ]);
  });

  it('gives a dropped file its path through webUtils', () => {
    const { exposed } = loadPreload();
    const bridge = exposed.get('ganvas') as { pathForFile(file: { name: string }): string };
    expect(bridge.pathForFile({ name: 'moth.png' })).toBe('/dropped/moth.png');
  });

  it('sends calls on the call channel only, as name and args', async () => {
    const { exposed, invocations } = loadPreload();
    const bridge = exposed.get('ganvas') as Bridge;
    await expect(bridge.invoke('jobs:cancel', { jobId: 'j1' })).resolves.toEqual({ ok: true, value: null });
    expect(invocations).toEqual([[callChannel, 'jobs:cancel', { jobId: 'j1' }]]);
  });

  it('hands listeners the payload of their own event, never the IPC event object', () => {
    const { exposed, push } = loadPreload();
    const bridge = exposed.get('ganvas') as Bridge;
    const received: unknown[][] = [];
    bridge.on('jobs:event', (...args) => received.push(args));
    push({ event: 'trainer:status', payload: { state: 'ready' } });
    push({ event: 'jobs:event', payload: { type: 'cancelled', jobId: 'j1' } });
    push('not a message');
    expect(received).toEqual([[{ type: 'cancelled', jobId: 'j1' }]]);
  });

  it('unsubscribes', () => {
    const { exposed, listeners, push } = loadPreload();
    const bridge = exposed.get('ganvas') as Bridge;
    const received: unknown[] = [];
    const off = bridge.on('jobs:event', (payload) => received.push(payload));
    off();
    push({ event: 'jobs:event', payload: 1 });
    expect(received).toEqual([]);
    expect(listeners.get(eventChannel)?.size).toBe(0);
  });
});
