import { contentTypeOf } from '../main/platform/content-types.js';
import { appOrigin, isAppUrl } from './app-origin.js';
import { relativePathFromUrlPath } from './url-path.js';

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
  const contentType = contentTypeOf(relativePath);
  return { relativePath, contentType };
}
