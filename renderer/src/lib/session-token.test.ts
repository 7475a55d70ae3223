import { describe, expect, it } from 'vitest';
import { socketUrl, takeSessionToken, type TokenPage } from './session-token.js';

function page(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const target: TokenPage = {
    location: { href },
    history: {
      state: null,
      replaceState: (_state: unknown, _unused: string, url?: string | URL | null) => {
        replaced.push(String(url));
      },
    },
    sessionStorage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
    },
  };
  return { target, storage, replaced };
}

describe('takeSessionToken', () => {
  it('moves the token from the address bar into session storage, keeping the rest of the URL', () => {
    const { target, storage, replaced } = page('http://127.0.0.1:5000/?token=s3cr%2Bt&lang=en#/train');
    expect(takeSessionToken(target)).toBe('s3cr+t');
    expect(storage.get('ganvas.token')).toBe('s3cr+t');
    expect(replaced).toEqual(['/?lang=en#/train']);
  });

  it('uses the stored token after a reload, without touching the address bar', () => {
    const { target, replaced } = page('http://127.0.0.1:5000/#/dataset', { 'ganvas.token': 'kept' });
    expect(takeSessionToken(target)).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('prefers a fresh token in the URL over a stale stored one', () => {
    const { target, storage } = page('http://127.0.0.1:5000/?token=new', { 'ganvas.token': 'old' });
    expect(takeSessionToken(target)).toBe('new');
    expect(storage.get('ganvas.token')).toBe('new');
  });

  it('returns null when the page has no token at all', () => {
    expect(takeSessionToken(page('http://127.0.0.1:5000/').target)).toBeNull();
  });
});

describe('socketUrl', () => {
  it('points at /ws on the same host and escapes the token', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:5000' }, 'a+b/c')).toBe(
      'ws://127.0.0.1:5000/ws?token=a%2Bb%2Fc',
    );
    expect(socketUrl({ protocol: 'https:', host: 'studio.local' }, 't')).toBe(
      'wss://studio.local/ws?token=t',
    );
  });
});
