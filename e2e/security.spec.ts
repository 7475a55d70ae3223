import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { StudioPage, studioUrl } from './pages/studio-page.js';

interface Attempt {
  opened: boolean;
  status: number | null;
}

/** Tries a WebSocket to the service the way a foreign page or process would, and reports how it went. */
function tryConnect(
  path: string,
  headers: Record<string, string>,
): Promise<Attempt & { socket?: WebSocket }> {
  const { host } = new URL(studioUrl());
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${host}${path}`, { headers });
    socket.once('open', () => resolve({ opened: true, status: 101, socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode ?? null });
      socket.terminate();
    });
    socket.once('error', (error) => {
      // A refused upgrade can surface as a dropped socket rather than a readable response.
      if (/socket hang up|ECONNRESET/.test(error.message)) resolve({ opened: false, status: null });
      else reject(error);
    });
  });
}

function studioOrigin(): string {
  return new URL(studioUrl()).origin;
}

function token(): string {
  const value = new URL(studioUrl()).searchParams.get('token');
  if (!value) throw new Error('GANVAS_URL carries no token');
  return value;
}

test.describe('browser-mode service access', () => {
  test('accepts the app itself: its own origin and the launch secret', async () => {
    const attempt = await tryConnect(`/ws?token=${encodeURIComponent(token())}`, { Origin: studioOrigin() });
    expect(attempt.opened).toBe(true);
    const socket = attempt.socket;
    if (!socket) throw new Error('no socket');
    const reply = await new Promise<unknown>((resolve) => {
      socket.on('message', (data: WebSocket.RawData) => {
        const frame = JSON.parse(data.toString()) as { kind: string; id?: number };
        if (frame.kind === 'reply' && frame.id === 1) resolve(frame);
      });
      socket.send(JSON.stringify({ id: 1, call: 'app:info', args: {} }));
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      id: 1,
      ok: true,
      value: { name: 'Ganvas', shell: 'browser' },
    });
    socket.close();
  });

  test('refuses a connection without the secret', async () => {
    const attempt = await tryConnect('/ws', { Origin: studioOrigin() });
    expect(attempt.opened).toBe(false);
    expect(attempt.status).toBe(401);
  });

  test('refuses a connection with a wrong secret', async () => {
    const attempt = await tryConnect(`/ws?token=${'x'.repeat(token().length)}`, { Origin: studioOrigin() });
    expect(attempt.opened).toBe(false);
    expect(attempt.status).toBe(401);
  });

  test('refuses a connection from a foreign origin even with the secret', async () => {
    const attempt = await tryConnect(`/ws?token=${encodeURIComponent(token())}`, {
      Origin: 'http://evil.example',
    });
    expect(attempt.opened).toBe(false);
    expect(attempt.status).toBe(403);
  });

  test('a page opened without the secret says so instead of pretending to work', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const studio = new StudioPage(page);
    await page.goto(studioOrigin());
    await expect(studio.connectionBanner).toContainText('opened without its access key');
    await expect(studio.statusConnection).toHaveText('No access key');
    await expect(studio.checkSpeedButton).toBeDisabled();
    await context.close();
  });
});
