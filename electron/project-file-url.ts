import { projectImageContentType } from '../main/platform/content-types.js';
import { projectFileScheme } from './app-origin.js';
import { relativePathFromUrlPath } from './url-path.js';

/**
 * `ganvas-file://project/<projectId>/<path inside the project>`: how the renderer shows images of
 * an open project (thumbnails, samples) without ever seeing an absolute path or using file://.
 */
export const projectFileHost = 'project';

const projectIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export interface ProjectFileRequest {
  projectId: string;
  relativePath: string;
  contentType: string;
}

export type ProjectFileUrlResult =
  { ok: true; request: ProjectFileRequest } | { ok: false; status: 400 | 403; reason: string };

export function parseProjectFileUrl(url: string): ProjectFileUrlResult {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400, 'not a URL');
  }
  if (parsed.protocol !== `${projectFileScheme}:` || parsed.host.toLowerCase() !== projectFileHost) {
    return refuse(400, `not a ${projectFileScheme}://${projectFileHost}/ URL`);
  }
  if (parsed.username || parsed.password) return refuse(400, 'credentials are not allowed');

  const path = relativePathFromUrlPath(parsed.pathname);
  if (path === null) return refuse(400, 'the path is not a plain relative path');
  const slash = path.indexOf('/');
  if (slash < 0) return refuse(400, 'the URL names a project but no file in it');
  const projectId = path.slice(0, slash);
  const relativePath = path.slice(slash + 1);
  if (!projectIdPattern.test(projectId)) return refuse(400, 'the project id is malformed');

  const contentType = imageContentType(relativePath);
  if (!contentType) return refuse(403, 'only images are served');
  return { ok: true, request: { projectId, relativePath, contentType } };
}

export function imageContentType(path: string): string | null {
  return projectImageContentType(path);
}

function refuse(status: 400 | 403, reason: string): ProjectFileUrlResult {
  return { ok: false, status, reason };
}
