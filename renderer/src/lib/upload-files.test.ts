import { describe, expect, it } from 'vitest';
import type { DroppedFile } from './dropped-files.js';
import { planUpload, uploadFiles, uploadUrl } from './upload-files.js';

const dropped = (relativePath: string, bytes = 1): DroppedFile => ({
  file: new File([new Uint8Array(bytes)], relativePath.split('/').at(-1) ?? 'x'),
  relativePath,
});

describe('planUpload', () => {
  it('normalises paths: forward slashes, no empty, dot or dot-dot segments', () => {
    const { send } = planUpload(
      [
        dropped('moths\\night\\a.png'),
        dropped('/abs//b.png'),
        dropped('./c.png'),
        dropped('../../etc/d.png'),
      ],
      100,
    );
    expect(send.map((each) => each.relativePath)).toEqual([
      'moths/night/a.png',
      'abs/b.png',
      'c.png',
      'etc/d.png',
    ]);
  });

  it('leaves out hidden files, files in hidden folders and OS clutter', () => {
    const { send, refused } = planUpload(
      [
        dropped('moths/.DS_Store'),
        dropped('.git/x.png'),
        dropped('moths/Thumbs.db'),
        dropped('moths/ok.png'),
      ],
      100,
    );
    expect(send.map((each) => each.relativePath)).toEqual(['moths/ok.png']);
    expect(refused).toEqual([]);
  });

  it('gives clashing paths their own names, ignoring case, so no upload is refused as a repeat', () => {
    const { send } = planUpload(
      [dropped('a.png'), dropped('a.png'), dropped('A.PNG'), dropped('dir/noext'), dropped('dir/noext')],
      100,
    );
    expect(send.map((each) => each.relativePath)).toEqual([
      'a.png',
      'a (2).png',
      'A (3).PNG',
      'dir/noext',
      'dir/noext (2)',
    ]);
  });

  it('refuses files over the limit before sending them, with the reason', () => {
    const { send, refused } = planUpload(
      [dropped('big.tif', 3 * 1024 * 1024), dropped('small.png', 10)],
      2 * 1024 * 1024,
    );
    expect(send.map((each) => each.relativePath)).toEqual(['small.png']);
    expect(refused).toEqual([{ path: 'big.tif', reason: 'larger than the 2 MB a file may have' }]);
  });
});

describe('uploadUrl', () => {
  it('encodes each segment on its own', () => {
    expect(uploadUrl('u-1', 'night moths/#1 ?.png')).toBe('/upload/u-1/night%20moths/%231%20%3F.png');
    expect(uploadUrl('u-1', 'été/ß.png')).toBe('/upload/u-1/%C3%A9t%C3%A9/%C3%9F.png');
  });
});

describe('uploadFiles', () => {
  it('PUTs each file under its encoded relative path and reports what failed', async () => {
    const requests: Array<[string, string | undefined]> = [];
    const send = (async (url: string, init?: RequestInit) => {
      requests.push([url, init?.method]);
      if (url.includes('broken')) throw new Error('connection reset');
      if (url.includes('bad')) return new Response(JSON.stringify({ error: 'too large' }), { status: 400 });
      if (url.includes('odd')) return new Response('<html>', { status: 500 });
      return new Response('{}', { status: 201 });
    }) as typeof fetch;
    const files = [dropped('cats/a b.png'), dropped('bad.png'), dropped('odd.png'), dropped('broken.png')];
    const progress: number[] = [];
    const result = await uploadFiles('u1', files, (sent) => progress.push(sent), { send });
    expect(requests.map(([url]) => url).sort()).toEqual([
      '/upload/u1/bad.png',
      '/upload/u1/broken.png',
      '/upload/u1/cats/a%20b.png',
      '/upload/u1/odd.png',
    ]);
    expect(requests.every(([, method]) => method === 'PUT')).toBe(true);
    expect(result.failed.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'bad.png', reason: 'too large' },
      { path: 'broken.png', reason: 'upload failed (connection reset)' },
      { path: 'odd.png', reason: 'upload failed (HTTP 500)' },
    ]);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('keeps at most the given number of uploads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const send = (async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return new Response('{}', { status: 201 });
    }) as typeof fetch;
    const files = Array.from({ length: 12 }, (_, i) => dropped(`${i}.png`));
    await uploadFiles('u1', files, () => undefined, { send, concurrency: 3 });
    expect(most).toBe(3);
  });
});
