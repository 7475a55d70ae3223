/**
 * Where the app lives inside Electron. The renderer is served from a privileged custom scheme rather
 * than file://, so the window has a real origin of its own: 'self' in the CSP means the app and
 * nothing else on disk, and the IPC guard can tell the app's frame from anything else.
 */
export const appScheme = 'ganvas';
export const appHost = 'app';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** Serves images of open projects, read-only; see project-file-url.ts for the URL shape. */
export const projectFileScheme = 'ganvas-file';

/**
 * Whether a URL belongs to the app's origin. Compared by parts because Node's URL reports the
 * origin of a custom scheme as "null" and keeps the host's case, unlike Chromium once the scheme
 * is registered as standard.
 */
export function isAppUrl(url: string, origin: string = appOrigin): boolean {
  const expected = parseUrl(origin);
  const actual = parseUrl(url);
  if (!expected || !actual) return false;
  return (
    actual.protocol === expected.protocol &&
    actual.host.toLowerCase() === expected.host.toLowerCase() &&
    actual.username === '' &&
    actual.password === ''
  );
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
