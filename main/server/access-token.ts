import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret per launch: whoever lacks it cannot talk to the service. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, offered: string | null | undefined): boolean {
  if (typeof offered !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `?token=` or the session cookie the first page load set. */
export function offeredToken(url: URL, cookieHeader: string | undefined): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

export const TOKEN_COOKIE = 'ganvas_token';
