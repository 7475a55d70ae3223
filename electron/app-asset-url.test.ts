import { describe, expect, it } from 'vitest';
import { parseAppAssetUrl } from './app-asset-url.js';

describe('parseAppAssetUrl', () => {
  it('serves index.html for the root', () => {
    expect(parseAppAssetUrl('ganvas://app/')).toEqual({
      relativePath: 'index.html',
      contentType: 'text/html; charset=utf-8',
    });
  });

  it('maps bundle files to their types', () => {
    expect(parseAppAssetUrl('ganvas://app/assets/index-a1b2.js?x=1')).toEqual({
      relativePath: 'assets/index-a1b2.js',
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(parseAppAssetUrl('ganvas://app/assets/index.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(parseAppAssetUrl('ganvas://app/assets/font.woff2')?.contentType).toBe('font/woff2');
    expect(parseAppAssetUrl('ganvas://app/assets/blob.xyz')?.contentType).toBe('application/octet-stream');
  });

  it.each([
    ['another origin', 'ganvas://elsewhere/index.html'],
    ['the project file scheme', 'ganvas-file://project/p1/a.png'],
    ['file://', 'file:///work/out/renderer/index.html'],
    ['an encoded traversal', 'ganvas://app/assets/..%2F..%2F..%2Fpackage.json'],
    ['a directory path', 'ganvas://app/assets/'],
  ])('refuses %s', (_label, url) => {
    expect(parseAppAssetUrl(url)).toBeNull();
  });
});
