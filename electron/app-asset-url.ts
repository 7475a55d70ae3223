import { extname } from 'node:path';
import { appOrigin, isAppUrl } from './app-origin.js';
import { relativePathFromUrlPath } from './url-path.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppAsset {
  /** Relative to the built renderer folder. */
  relativePath: string;
  contentType: string;
}

/** Maps a `ganvas://app/...` URL to a file of the built renderer; the root is index.html. */
export function parseAppAssetUrl(url: string, origin: string = appOrigin): AppAsset | null {
  if (!isAppUrl(url, origin)) return null;
  const { pathname } = new URL(url);
  const relativePath = pathname === '/' ? 'index.html' : relativePathFromUrlPath(pathname);
  if (relativePath === null) return null;
  const contentType = contentTypes[extname(relativePath).toLowerCase()] ?? 'application/octet-stream';
  return { relativePath, contentType };
}
