import { describe, expect, it } from 'vitest';
import { imageContentType, parseProjectFileUrl } from './project-file-url.js';

describe('parseProjectFileUrl', () => {
  it('splits a project image URL into project id, relative path and MIME type', () => {
    expect(parseProjectFileUrl('ganvas-file://project/p-1/datasets/d1/thumbs/cat%20one.webp')).toEqual({
      ok: true,
      request: {
        projectId: 'p-1',
        relativePath: 'datasets/d1/thumbs/cat one.webp',
        contentType: 'image/webp',
      },
    });
  });

  it('ignores a cache-busting query and a fragment', () => {
    const parsed = parseProjectFileUrl('ganvas-file://project/p1/runs/r1/samples/200.png?v=3#x');
    expect(parsed).toMatchObject({ ok: true, request: { relativePath: 'runs/r1/samples/200.png' } });
  });

  it('maps every served extension, case-insensitively, to an image type', () => {
    expect(imageContentType('a.PNG')).toBe('image/png');
    expect(imageContentType('a.jpeg')).toBe('image/jpeg');
    expect(imageContentType('a.JPG')).toBe('image/jpeg');
    expect(imageContentType('a.gif')).toBe('image/gif');
    expect(imageContentType('a.avif')).toBe('image/avif');
    expect(imageContentType('a.bmp')).toBe('image/bmp');
  });

  it.each([
    ['project.json', 'ganvas-file://project/p1/project.json'],
    ['a model checkpoint', 'ganvas-file://project/p1/runs/r1/checkpoints/100/weights.bin'],
    ['SVG, which can carry script', 'ganvas-file://project/p1/exports/sheet.svg'],
    ['a file with no extension', 'ganvas-file://project/p1/runs/r1/png'],
    ['HTML disguised by a double extension', 'ganvas-file://project/p1/a.png.html'],
  ])('serves only images, not %s', (_label, url) => {
    expect(parseProjectFileUrl(url)).toMatchObject({ ok: false, status: 403 });
  });

  it.each([
    ['an encoded slash climbing out', 'ganvas-file://project/p1/a/%2F..%2F..%2Fsecret.png'],
    ['encoded backslashes', 'ganvas-file://project/p1/..%5C..%5Csecret.png'],
    ['a raw backslash', 'ganvas-file://project/p1/a\\..\\..\\secret.png'],
    ['a NUL byte', 'ganvas-file://project/p1/a%00.png'],
    ['a drive letter', 'ganvas-file://project/p1/C%3A/Windows/secret.png'],
    ['an alternate data stream', 'ganvas-file://project/p1/a.png%3Astream'],
    ['an empty segment', 'ganvas-file://project/p1//a.png'],
    ['broken percent-encoding', 'ganvas-file://project/p1/%E0%A4%A.png'],
  ])('refuses %s', (_label, url) => {
    expect(parseProjectFileUrl(url)).toMatchObject({ ok: false, status: 400 });
  });

  it('never yields a path that leaves the project, even when the URL tries with dot segments', () => {
    // The URL parser folds these before we see them; what is left must still be inside the project.
    for (const url of [
      'ganvas-file://project/p1/../p2/a.png',
      'ganvas-file://project/p1/%2e%2e/%2E%2E/a.png',
      'ganvas-file://project/p1/runs/../../../../etc/a.png',
    ]) {
      const parsed = parseProjectFileUrl(url);
      if (parsed.ok) expect(parsed.request.relativePath.split('/')).not.toContain('..');
    }
    expect(parseProjectFileUrl('ganvas-file://project/p1/../../a.png')).toMatchObject({ ok: false });
  });

  it.each([
    ['another scheme', 'file:///etc/a.png'],
    ['the app scheme', 'ganvas://app/a.png'],
    ['another host', 'ganvas-file://elsewhere/p1/a.png'],
    ['credentials', 'ganvas-file://me@project/p1/a.png'],
    ['a project id only', 'ganvas-file://project/p1'],
    ['a malformed project id', 'ganvas-file://project/p%20one/a.png'],
    ['an overlong project id', `ganvas-file://project/${'x'.repeat(65)}/a.png`],
    ['not a URL', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(parseProjectFileUrl(url)).toMatchObject({ ok: false, status: 400 });
  });
});
