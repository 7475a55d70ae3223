import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsRequest, type WsServerFrame } from '../contract/index.js';
import { toServiceError } from '../service/service-error.js';
import type { Studio } from '../studio.js';
import { TOKEN_COOKIE, createAccessToken, offeredToken, tokenMatches } from './access-token.js';
import { hostIsAllowed, originIsAllowed } from './request-guard.js';
import { projectImageContentType } from '../platform/content-types.js';
import { readStaticFile } from './static-files.js';

export interface BrowserServerOptions {
  studio: Studio;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Browser mode: the built renderer plus the studio's contract over a WebSocket, on 127.0.0.1 only.
 * A WebSocket needs the launch secret and our own Origin; project files need the secret too.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? createAccessToken();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let port = 0;

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      options.log?.(`HTTP error: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500).end('Internal error');
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostIsAllowed(request, port)) return void response.writeHead(421).end('Misdirected request');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const offered = offeredToken(url, request.headers.cookie);
    const authorised = tokenMatches(token, offered);

    if (request.method === 'PUT' && url.pathname.startsWith('/upload/')) {
      return receiveUpload(request, response, url, authorised);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return void response.writeHead(405, { Allow: 'GET, HEAD, PUT' }).end();
    }

    if (url.pathname.startsWith('/project-file/')) {
      if (!authorised) return void response.writeHead(403).end('Forbidden');
      const [, , projectId = '', ...rest] = url.pathname.split('/');
      let relativePath: string;
      try {
        relativePath = rest.map((part) => decodeURIComponent(part)).join('/');
      } catch {
        return void response.writeHead(400).end('Bad path');
      }
      const path = await options.studio.resolveProjectFile(projectId, relativePath);
      const type = path && projectImageContentType(path);
      if (!path || !type) return void response.writeHead(404).end();
      response.writeHead(200, {
        ...securityHeaders(port),
        'Content-Type': type,
        // Thumbnails and samples are named by content hash or step: safe to keep for the session.
        'Cache-Control': 'private, max-age=3600',
      });
      return void response.end(request.method === 'HEAD' ? undefined : await readFile(path));
    }

    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) return void response.writeHead(404, securityHeaders(port)).end('Not found');
    const headers: Record<string, string> = { ...securityHeaders(port), 'Content-Type': file.type };
    // The first page load carries ?token=; keep it in a same-site cookie so <img> requests carry it too.
    if (authorised && url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${offered}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  /** Browser mode's drag and drop: one file per PUT into an upload folder the service reserved. */
  async function receiveUpload(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    authorised: boolean,
  ): Promise<void> {
    // A write needs the secret and our own page as its origin (no cross-site form or fetch).
    if (!authorised || !originIsAllowed(request, port)) return void response.writeHead(403).end('Forbidden');
    const [, , uploadId = '', ...rest] = url.pathname.split('/');
    let relativePath: string;
    try {
      relativePath = rest.map((part) => decodeURIComponent(part)).join('/');
    } catch {
      return void sendJson(response, 400, { error: 'The file path is not valid URL encoding.' });
    }
    try {
      await options.studio.receiveUpload(uploadId, relativePath, request);
      sendJson(response, 201, { ok: true });
    } catch (error) {
      const { code, message } = toServiceError(error);
      sendJson(
        response,
        code === 'not-found' ? 404 : code === 'invalid-args' ? 400 : code === 'conflict' ? 409 : 500,
        {
          error: message,
        },
      );
    }
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const refusal =
      url.pathname !== '/ws'
        ? '404 Not Found'
        : !hostIsAllowed(request, port) || !originIsAllowed(request, port)
          ? '403 Forbidden'
          : !tokenMatches(token, offeredToken(url, request.headers.cookie))
            ? '401 Unauthorized'
            : null;
    if (refusal) {
      options.log?.(
        `Refused a WebSocket connection (${refusal}) from origin ${request.headers.origin ?? 'none'}`,
      );
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => serveClient(client, options.studio));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveClient(client: WebSocket, studio: Studio): void {
  const send = (frame: WsServerFrame) => {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(frame));
  };
  const unsubscribe = studio.onEvent((event, payload) => send({ kind: 'event', event, payload }));
  client.on('close', unsubscribe);
  client.on('message', (data, isBinary) => {
    const request = isBinary ? null : parseFrame(data.toString());
    if (!request) {
      send({
        kind: 'reply',
        id: -1,
        ok: false,
        error: { code: 'invalid-args', message: 'Malformed request frame.' },
      });
      return;
    }
    void studio
      .call(request.call, request.args)
      .then((outcome) => send({ kind: 'reply', id: request.id, ...outcome }));
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

function parseFrame(text: string): WsRequest | null {
  try {
    const parsed = WsRequest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
