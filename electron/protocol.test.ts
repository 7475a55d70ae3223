import { describe, expect, it, vi } from 'vitest';

// protocol.ts registers handlers with Electron at runtime; these tests exercise only the request
// handling, which needs no Electron binary.
vi.mock('electron', () => ({ net: { fetch: vi.fn() }, protocol: {} }));

const { serveAppAsset, serveProjectFile } = await import('./protocol.js');

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function disk(files: Record<string, Uint8Array<ArrayBuffer> | string>) {
  const read: string[] = [];
  const fetch = async (path: string) => {
    read.push(path);
    const body = files[path];
    if (body === undefined) throw new Error('net::ERR_FILE_NOT_FOUND');
    return new Response(body);
  };
  return { fetch, read };
}

function studioWith(roots: Record<string, string>) {
  return {
    resolveProjectFile: vi.fn(async (projectId: string, relativePath: string) => {
      const root = roots[projectId];
      return root ? `${root}/${relativePath}` : null;
    }),
  };
}

describe('serveProjectFile', () => {
  it('serves an image the studio resolves, with its type and no sniffing', async () => {
    const { fetch } = disk({ '/projects/Cats.ganvas/runs/r1/samples/10.png': png });
    const studio = studioWith({ p1: '/projects/Cats.ganvas' });
    const response = await serveProjectFile(
      new Request('ganvas-file://project/p1/runs/r1/samples/10.png'),
      studio,
      fetch,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBe('ganvas://app');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
    expect(studio.resolveProjectFile).toHaveBeenCalledWith('p1', 'runs/r1/samples/10.png');
  });

  it('answers 404 when the studio will not vouch for the path, without touching the disk', async () => {
    const { fetch, read } = disk({});
    const response = await serveProjectFile(
      new Request('ganvas-file://project/unknown/a.png'),
      studioWith({}),
      fetch,
    );
    expect(response.status).toBe(404);
    expect(read).toEqual([]);
  });

  it('answers 404 when the file is missing', async () => {
    const { fetch } = disk({});
    const studio = studioWith({ p1: '/projects/Cats.ganvas' });
    const response = await serveProjectFile(new Request('ganvas-file://project/p1/gone.png'), studio, fetch);
    expect(response.status).toBe(404);
  });

  it('refuses traversal and non-images before asking the studio', async () => {
    const { fetch } = disk({});
    const studio = studioWith({ p1: '/projects/Cats.ganvas' });
    const traversal = await serveProjectFile(
      new Request('ganvas-file://project/p1/..%2F..%2Fa.png'),
      studio,
      fetch,
    );
    const manifest = await serveProjectFile(
      new Request('ganvas-file://project/p1/project.json'),
      studio,
      fetch,
    );
    expect(traversal.status).toBe(400);
    expect(manifest.status).toBe(403);
    expect(studio.resolveProjectFile).not.toHaveBeenCalled();
  });

  it('is read-only: anything but GET is refused', async () => {
    const { fetch } = disk({});
    const studio = studioWith({ p1: '/projects/Cats.ganvas' });
    for (const method of ['PUT', 'POST', 'DELETE']) {
      const request = new Request('ganvas-file://project/p1/a.png', { method, body: 'x' });
      const response = await serveProjectFile(request, studio, fetch);
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    }
    expect(studio.resolveProjectFile).not.toHaveBeenCalled();
  });
});

describe('serveAppAsset', () => {
  it('serves the built renderer with the Content-Security-Policy header', async () => {
    const { fetch, read } = disk({ '/app/out/renderer/index.html': '<!doctype html>' });
    const response = await serveAppAsset(new Request('ganvas://app/'), '/app/out/renderer', fetch);
    expect(response.status).toBe(200);
    expect(read).toEqual(['/app/out/renderer/index.html']);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('answers 404 for missing files and paths that try to leave the renderer folder', async () => {
    const { fetch, read } = disk({});
    const missing = await serveAppAsset(new Request('ganvas://app/nope.js'), '/app/out/renderer', fetch);
    const escape = await serveAppAsset(
      new Request('ganvas://app/..%2Fmain%2Fstart.js'),
      '/app/out/renderer',
      fetch,
    );
    expect(missing.status).toBe(404);
    expect(escape.status).toBe(404);
    expect(read).toEqual(['/app/out/renderer/nope.js']);
  });
});
