/**
 * Where the page loads a file of an open project: Electron's read-only `ganvas-file:` scheme, or
 * browser mode's `/project-file/` route (the session cookie carries the secret). Each path segment
 * is encoded on its own, so names with spaces, `#` or `?` survive.
 */
export function projectFileUrlFor(
  transport: 'electron' | 'websocket',
  projectId: string,
  relativePath: string,
): string {
  const encoded = relativePath.split('/').map(encodeURIComponent).join('/');
  return transport === 'electron'
    ? `ganvas-file://project/${encodeURIComponent(projectId)}/${encoded}`
    : `/project-file/${encodeURIComponent(projectId)}/${encoded}`;
}
