import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseCall, type CallOutcome, type EventName } from '../contract/index.js';
import type { Studio } from '../studio.js';
import { startBrowserServer, type BrowserServer } from './browser-server.js';

/** A studio that answers app:info and records what reached it: enough to test the transport alone. */
function fakeStudio() {
  const received: string[] = [];
  const uploads: { uploadId: string; relativePath: string; bytes: number }[] = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const studio: Studio = {
    async call(name, args): Promise<CallOutcome<unknown>> {
      const parsed = parseCall(name, args);
      if (!parsed.ok) return parsed;
      received.push(parsed.call);
      return { ok: true, value: { called: parsed.call } };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async resolveProjectFile() {
      return null;
    },
    async receiveUpload(uploadId, relativePath, body) {
      let bytes = 0;
      for await (const chunk of body) bytes += chunk.length;
      uploads.push({ uploadId, relativePath, bytes });
    },
    async dispose() {},
  };
  const emit = (event: EventName, payload: unknown) => listeners.forEach((l) => l(event, payload));
  return { studio, received, emit, uploads };
}

let server: BrowserServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(studio: Studio): Promise<BrowserServer> {
  const rendererDir = await mkdtemp(join(tmpdir(), 'ganvas-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Ganvas</title>');
  server = await startBrowserServer({ studio, rendererDir });
  return server;
}

function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

function nextFrame(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    socket.once('message', (data: WebSocket.RawData) =>
      resolve(JSON.parse(data.toString()) as Record<string, unknown>),
    ),
  );
}

describe('browser server', () => {
  it('listens on loopback only and serves the renderer with a CSP', async () => {
    const { port } = await start(fakeStudio().studio);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<title>Ganvas</title>');
  });

  it('refuses a WebSocket without the secret, with a wrong one, or from a foreign origin', async () => {
    const { port, token } = await start(fakeStudio().studio);
    const own = `http://127.0.0.1:${port}`;
    await expect(connect(`ws://127.0.0.1:${port}/ws`, own)).rejects.toThrow('HTTP 401');
    await expect(connect(`ws://127.0.0.1:${port}/ws?token=${token}x`, own)).rejects.toThrow('HTTP 401');
    await expect(connect(`ws://127.0.0.1:${port}/ws?token=${token}`, 'https://evil.example')).rejects.toThrow(
      'HTTP 403',
    );
    await expect(connect(`ws://127.0.0.1:${port}/ws?token=${token}`)).rejects.toThrow('HTTP 403');
  });

  it('answers calls, refuses malformed frames before the studio sees them, and pushes events', async () => {
    const { studio, received, emit } = fakeStudio();
    const { port, token } = await start(studio);
    const socket = await connect(`ws://127.0.0.1:${port}/ws?token=${token}`, `http://127.0.0.1:${port}`);

    socket.send(JSON.stringify({ id: 1, call: 'app:info', args: {} }));
    expect(await nextFrame(socket)).toEqual({
      kind: 'reply',
      id: 1,
      ok: true,
      value: { called: 'app:info' },
    });

    socket.send('{not json');
    expect(await nextFrame(socket)).toMatchObject({
      kind: 'reply',
      ok: false,
      error: { code: 'invalid-args' },
    });

    socket.send(JSON.stringify({ id: 2, call: 'jobs:cancel', args: { jobId: 7 } }));
    expect(await nextFrame(socket)).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-args' } });
    expect(received).toEqual(['app:info']);

    const event = nextFrame(socket);
    emit('trainer:status', { state: 'ready', pid: 1, lastError: null, restarts: 0 });
    expect(await event).toMatchObject({
      kind: 'event',
      event: 'trainer:status',
      payload: { state: 'ready' },
    });
    socket.close();
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { port } = await start(fakeStudio().studio);
    const status = await new Promise<number>((resolve, reject) => {
      import('node:http')
        .then(({ request }) => {
          const req = request(
            { host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } },
            (res) => resolve(res.statusCode ?? 0),
          );
          req.on('error', reject);
          req.end();
        })
        .catch(reject);
    });
    expect(status).toBe(421);
  });

  it('keeps project files behind the secret', async () => {
    const { port } = await start(fakeStudio().studio);
    expect((await fetch(`http://127.0.0.1:${port}/project-file/p1/a.png`)).status).toBe(403);
  });

  it('accepts an upload only with the secret and from its own page', async () => {
    const { studio, uploads } = fakeStudio();
    const { port, token } = await start(studio);
    const target = `http://127.0.0.1:${port}/upload/up1/cats/a%20b.png`;
    const own = { Origin: `http://127.0.0.1:${port}` };
    expect((await fetch(target, { method: 'PUT', body: 'abc', headers: own })).status).toBe(403);
    expect(
      (
        await fetch(`${target}?token=${token}`, {
          method: 'PUT',
          body: 'abc',
          headers: { Origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    const ok = await fetch(`${target}?token=${token}`, { method: 'PUT', body: 'abcd', headers: own });
    expect(ok.status).toBe(201);
    expect(uploads).toEqual([{ uploadId: 'up1', relativePath: 'cats/a b.png', bytes: 4 }]);
  });
});
