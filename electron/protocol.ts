import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import type { Studio } from '../main/studio.js';
import { parseAppAssetUrl } from './app-asset-url.js';
import { appOrigin, appScheme, projectFileScheme } from './app-origin.js';
import { appContentSecurityPolicy } from './content-security-policy.js';
import { parseProjectFileUrl } from './project-file-url.js';

/**
 * Must run before the app is ready. Both schemes are standard and secure so pages on them get a
 * real origin and a secure context; corsEnabled lets the app read project images into a canvas,
 * which only works because serveProjectFile answers with the app's origin in
 * Access-Control-Allow-Origin.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
    {
      scheme: projectFileScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Reads a local file into a Response; net.fetch understands files inside the app's asar archive. */
export type FileFetcher = (absolutePath: string) => Promise<Response>;

const fetchFile: FileFetcher = (absolutePath) => net.fetch(pathToFileURL(absolutePath).href);

export function handleAppProtocols(options: {
  rendererDir: string;
  studio: Pick<Studio, 'resolveProjectFile'>;
}): void {
  protocol.handle(appScheme, (request) => serveAppAsset(request, options.rendererDir, fetchFile));
  protocol.handle(projectFileScheme, (request) => serveProjectFile(request, options.studio, fetchFile));
}

/** The built renderer, read-only, with the app's Content-Security-Policy on every response. */
export async function serveAppAsset(
  request: Request,
  rendererDir: string,
  fetch: FileFetcher,
): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed();
  const asset = parseAppAssetUrl(request.url);
  if (!asset) return plain(404, 'Not found');
  const body = await readBody(fetch, join(rendererDir, asset.relativePath));
  if (!body) return plain(404, 'Not found');
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': asset.contentType,
      'Content-Security-Policy': appContentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    },
  });
}

/**
 * Images of an open project. The studio decides which folder a project id means and confines the
 * path to it (symlinks included); anything it will not vouch for is a 404.
 */
export async function serveProjectFile(
  request: Request,
  studio: Pick<Studio, 'resolveProjectFile'>,
  fetch: FileFetcher,
): Promise<Response> {
  if (request.method !== 'GET') return methodNotAllowed();
  const parsed = parseProjectFileUrl(request.url);
  if (!parsed.ok) return plain(parsed.status, parsed.reason);
  const { projectId, relativePath, contentType } = parsed.request;
  const absolutePath = await studio.resolveProjectFile(projectId, relativePath);
  if (!absolutePath) return plain(404, 'Not found');
  const body = await readBody(fetch, absolutePath);
  if (!body) return plain(404, 'Not found');
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': appOrigin,
      'Cache-Control': 'no-cache',
    },
  });
}

async function readBody(
  fetch: FileFetcher,
  absolutePath: string,
): Promise<ReadableStream<Uint8Array> | null> {
  try {
    const response = await fetch(absolutePath);
    return response.ok ? response.body : null;
  } catch {
    return null;
  }
}

function methodNotAllowed(): Response {
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET' } });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
