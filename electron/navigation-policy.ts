/**
 * The one kind of URL the app hands to the system browser: plain http(s), with no credentials in it.
 * Anything else (file:, javascript:, custom schemes of other apps) is dropped, because
 * shell.openExternal would give it to whatever program the OS registered for it.
 */
export function externalLinkToOpen(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username || parsed.password || !parsed.hostname) return null;
  return parsed.href;
}

const networkSchemes = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/** Whether a request would leave the machine; the window never makes one (see lockDownSession). */
export function isNetworkUrl(url: string): boolean {
  try {
    return networkSchemes.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
