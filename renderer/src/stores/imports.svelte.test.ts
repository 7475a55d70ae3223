import type { ImportSummary } from '$contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportsStore } from './imports.svelte.js';
import { FakeApi } from './test-support/fake-api.js';

function setUp() {
  const api = new FakeApi();
  const ended: string[] = [];
  const errors: Array<string | null> = [];
  const imports = new ImportsStore(api, {
    target: () => ({ projectId: 'p1', datasetId: 'd1', nearDuplicateThreshold: 6 }),
    onEnded: (datasetId) => ended.push(datasetId),
    onError: (message) => errors.push(message),
  });
  return { api, imports, ended, errors };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ImportsStore', () => {
  const result: ImportSummary = {
    datasetId: 'd1',
    domain: 'main',
    imported: 5,
    alreadyPresent: 0,
    exactDuplicates: [{ path: 'moths/copy.png', sameAs: 'img1' }],
    nearDuplicates: [],
    rejected: [{ path: 'moths/empty.png', reason: 'empty file', kind: 'empty' }],
    cancelled: false,
    seconds: 0.5,
  };

  it('Electron: imports the dropped paths in place, no upload', async () => {
    const { api, imports } = setUp();
    api.handle('datasets:import', () => ({ jobId: 'job1' }));
    const desktop = { pathForFile: (file: File) => `/home/me/${file.name}`, pickPaths: async () => [] };
    await imports.importDrop({ files: [new File([], 'moths')], entries: [] }, 'main', desktop);
    expect(api.callsOf('datasets:import')).toEqual([
      {
        projectId: 'p1',
        datasetId: 'd1',
        domain: 'main',
        source: { kind: 'paths', paths: ['/home/me/moths'] },
        nearDuplicateThreshold: 6,
      },
    ]);
    expect(api.callsOf('uploads:begin')).toHaveLength(0);
  });

  it('browser mode: uploads the files, imports the upload, and reports the result with what was not sent', async () => {
    const { api, imports, ended } = setUp();
    const sent: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      sent.push(url);
      return url.includes('broken')
        ? new Response(JSON.stringify({ error: 'disk full' }), { status: 500 })
        : new Response('{}', { status: 201 });
    });
    api
      .handle('uploads:begin', () => ({ uploadId: 'u1', maxFileBytes: 10 }))
      .handle('datasets:import', () => ({ jobId: 'job1' }));
    const file = (name: string, size = 1) => ({
      file: new File([new Uint8Array(size)], name),
      relativePath: `moths/${name}`,
    });
    await imports.importFiles(
      [file('a.png'), file('broken.png'), file('huge.tif', 11), file('.DS_Store')],
      'main',
      ['moths/locked'],
    );
    expect(sent.sort()).toEqual(['/upload/u1/moths/a.png', '/upload/u1/moths/broken.png']);
    expect(api.callsOf('datasets:import')[0]).toMatchObject({ source: { kind: 'upload', uploadId: 'u1' } });
    expect(imports.running?.jobId).toBe('job1');
    expect(imports.busy).toBe(true);
    expect(imports.uploading).toBeNull();

    api.emit('jobs:event', { type: 'done', jobId: 'job1', result });
    expect(imports.running).toBeNull();
    expect(ended).toEqual(['d1']);
    expect(imports.last).toEqual({
      datasetId: 'd1',
      domain: 'main',
      summary: result,
      cancelled: null,
      notSent: [
        { path: 'moths/huge.tif', reason: 'larger than the 10 bytes a file may have' },
        { path: 'moths/broken.png', reason: 'disk full' },
      ],
      unreadable: ['moths/locked'],
    });
  });

  it('does not import when nothing could be uploaded', async () => {
    const { api, imports, errors } = setUp();
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 404 }));
    api.handle('uploads:begin', () => ({ uploadId: 'u1', maxFileBytes: 10 }));
    await imports.importFiles([{ file: new File(['a'], 'a.png'), relativePath: 'a.png' }], 'main');
    expect(api.callsOf('datasets:import')).toHaveLength(0);
    expect(imports.busy).toBe(false);
    expect(errors.at(-1)).toContain('None of the files could be uploaded');
  });

  it('cancels with the choice made, and says which it was', async () => {
    const { api, imports } = setUp();
    api.handle('datasets:import', () => ({ jobId: 'job2' }));
    api.handle('jobs:cancel', ({ jobId }) => ({
      id: jobId,
      kind: 'datasets:import',
      title: 'Importing',
      state: 'cancelled',
      progress: null,
      error: null,
      startedAt: 1,
      endedAt: 2,
    }));
    await imports.importPaths(['/home/me/moths'], 'main');
    await imports.cancel(false);
    expect(api.callsOf('jobs:cancel')).toEqual([{ jobId: 'job2', keepPartial: false }]);
    api.emit('jobs:event', { type: 'cancelled', jobId: 'job2' });
    expect(imports.last).toMatchObject({ summary: null, cancelled: 'discarded' });
  });

  it('catches the end of an import that finished before its start was answered', async () => {
    const { api, imports, errors } = setUp();
    api.handle('datasets:import', () => {
      api.emit('jobs:event', { type: 'failed', jobId: 'job3', error: 'The project folder is gone.' });
      return { jobId: 'job3' };
    });
    await imports.importPaths(['/home/me/moths'], 'main');
    expect(imports.running).toBeNull();
    expect(errors.at(-1)).toBe('The import stopped: The project folder is gone.');
  });
});
