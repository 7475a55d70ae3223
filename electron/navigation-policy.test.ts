import { describe, expect, it } from 'vitest';
import { externalLinkToOpen, isNetworkUrl } from './navigation-policy.js';

describe('externalLinkToOpen', () => {
  it('passes plain http and https links on, normalised', () => {
    expect(externalLinkToOpen('https://www.tensorflow.org/js')).toBe('https://www.tensorflow.org/js');
    expect(externalLinkToOpen('HTTP://Example.com')).toBe('http://example.com/');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ganvas://app/index.html',
    'ms-settings:privacy',
    'https://user:pass@example.com/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(externalLinkToOpen(url)).toBeNull();
  });
});

describe('isNetworkUrl', () => {
  it('flags every scheme that reaches the network', () => {
    for (const url of [
      'http://127.0.0.1:5173/',
      'https://example.com/a.js',
      'ws://localhost:1/',
      'wss://x.y/',
    ]) {
      expect(isNetworkUrl(url)).toBe(true);
    }
  });

  it("leaves the app's own schemes and local data alone", () => {
    for (const url of [
      'ganvas://app/index.html',
      'ganvas-file://project/p1/a.png',
      'data:,x',
      'blob:ganvas://app/1',
    ]) {
      expect(isNetworkUrl(url)).toBe(false);
    }
  });
});
