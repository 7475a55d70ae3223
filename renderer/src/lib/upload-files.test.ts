import { describe, expect, it } from 'vitest';
import { uploadFiles } from './upload-files.js';

describe('uploadFiles', () => {
  it('PUTs each file under its encoded relative path and reports what failed', async () => {
    const requests: string[] = [];
    const send = (async (url: string) => {
      requests.push(url);
      return url.includes('bad')
        ? new Response(JSON.stringify({ error: 'too large' }), { status: 400 })
        : new Response('{}', { status: 201 });
    }) as typeof fetch;
    const files = [
      { file: new File(['a'], 'a b.png'), relativePath: 'cats/a b.png' },
      { file: new File(['b'], 'bad.png'), relativePath: 'bad.png' },
    ];
    const progress: number[] = [];
    const result = await uploadFiles('u1', files, (sent) => progress.push(sent), send);
    expect(requests.sort()).toEqual(['/upload/u1/bad.png', '/upload/u1/cats/a%20b.png']);
    expect(result.failed).toEqual([{ path: 'bad.png', reason: 'too large' }]);
    expect(progress).toEqual([1, 2]);
  });
});
