const storageKey = 'ganvas.token';

export interface TokenPage {
  location: { href: string };
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Browser mode's access key arrives as `?token=` in the URL printed at launch. Keep it for this tab only
 * (sessionStorage) and take it out of the address bar, so it does not linger in history or screenshots.
 */
export function takeSessionToken(page: TokenPage): string | null {
  const url = new URL(page.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    page.sessionStorage.setItem(storageKey, fromUrl);
    url.searchParams.delete('token');
    page.history.replaceState(page.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return page.sessionStorage.getItem(storageKey);
}

/** The service's socket lives on the same host and port that served the page. */
export function socketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}
