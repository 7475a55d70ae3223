import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseCall,
  type CallArgs,
  type CallName,
  type CallResult,
  type ImportSummary,
  type JobEvent,
  type Project,
} from '../contract/index.js';
import { UploadStore } from '../datasets/upload-store.js';
import { makeMixedFolder, makeProject, pictureBytes } from '../datasets/test-support/fixtures.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { ServiceFailure } from './service-error.js';
import { datasetHandlers } from './dataset-handlers.js';

async function setUp() {
  const root = await makeProject();
  const events: JobEvent[] = [];
  const changed: string[] = [];
  const trashed: string[] = [];
  const listeners: Array<(event: JobEvent) => void> = [];
  const jobs = new JobRegistry((event) => {
    events.push(event);
    listeners.forEach((listener) => listener(event));
  });
  const uploads = new UploadStore();
  const handlers = datasetHandlers({
    projects: {
      root: (projectId) => {
        if (projectId !== 'p1') throw new ServiceFailure('not-found', 'That project is not open.');
        return root;
      },
      changed: async (projectId) => {
        changed.push(projectId);
        return {} as Project;
      },
    },
    jobs,
    uploads,
    trashItem: async (path) => {
      trashed.push(path);
      await rename(path, `${path}.trashed`);
    },
  }) as unknown as Record<string, (args: unknown) => Promise<unknown>>;
  /** Calls a handler through the contract's gate, as the transports do (defaults filled in). */
  async function call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>> {
    const parsed = parseCall(name, args);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return (await handlers[name]?.(parsed.args)) as CallResult<C>;
  }
  const ended = (jobId: string) =>
    new Promise<JobEvent>((resolve) => {
      const check = setInterval(() => {
        const end = events.find(
          (event) =>
            event.type !== 'started' &&
            event.type !== 'progress' &&
            event.type !== 'warning' &&
            event.jobId === jobId,
        );
        if (end) {
          clearInterval(check);
          resolve(end);
        }
      }, 5);
    });
  const dataset = (kind: 'single' | 'paired' = 'single') =>
    call('datasets:create', { projectId: 'p1', name: 'Moths', kind, resolution: 32 });
  return { root, events, listeners, changed, trashed, jobs, uploads, call, ended, dataset };
}

describe('dataset handlers', () => {
  it('import runs as a job: progress with done/total/ETA, a summary at the end, projects:changed before it', async () => {
    const { call, ended, dataset, events, changed } = await setUp();
    const { id } = await dataset();
    const { folder } = await makeMixedFolder(4);
    const { jobId } = await call('datasets:import', {
      projectId: 'p1',
      datasetId: id,
      domain: 'main',
      source: { kind: 'paths', paths: [folder] },
    });
    const end = await ended(jobId);
    expect(end.type).toBe('done');
    const summary = (end as { result: ImportSummary }).result;
    expect(summary).toMatchObject({ datasetId: id, imported: 4, cancelled: false });
    expect(summary.rejected).toHaveLength(5);
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ progress: { done: 10, total: 10, fraction: 1 } });
    expect(changed.length).toBeGreaterThanOrEqual(2); // create, and the import's end

    const page = await call('datasets:images', { projectId: 'p1', datasetId: id, offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.images).toHaveLength(2);
    expect(page.images[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      domain: 'main',
      thumbnail: expect.stringMatching(/^datasets\/.+\/thumbs\/[0-9a-f]{24}\.jpg$/),
      source: expect.stringContaining(folder),
      width: 64,
      height: 64,
      format: 'png',
      excluded: false,
    });
  });

  it('excludes and includes images, and filters the grid by it', async () => {
    const { call, ended, dataset } = await setUp();
    const { id } = await dataset();
    const { good } = await makeMixedFolder(3);
    const { jobId } = await call('datasets:import', {
      projectId: 'p1',
      datasetId: id,
      domain: 'main',
      source: { kind: 'paths', paths: good },
    });
    await ended(jobId);
    const { images } = await call('datasets:images', { projectId: 'p1', datasetId: id });
    const summary = await call('datasets:set-excluded', {
      projectId: 'p1',
      datasetId: id,
      imageIds: [images[0]?.id ?? ''],
      excluded: true,
    });
    expect(summary.counts.main).toMatchObject({ images: 3, excluded: 1 });
    const excluded = await call('datasets:images', { projectId: 'p1', datasetId: id, filter: 'excluded' });
    expect(excluded.images.map((image) => image.id)).toEqual([images[0]?.id]);
    expect(
      (await call('datasets:images', { projectId: 'p1', datasetId: id, filter: 'included' })).total,
    ).toBe(2);
  });

  it('cancel reaches the import (keepPartial false: nothing kept) and the job ends cancelled', async () => {
    const { call, ended, dataset, jobs, listeners } = await setUp();
    const { id } = await dataset();
    const { folder } = await makeMixedFolder(5);
    // Cancelled as soon as it reports anything (it then stops between files and rolls back).
    listeners.push((event) => {
      if (event.type === 'progress') jobs.requestCancel(event.jobId, false);
    });
    const { jobId } = await call('datasets:import', {
      projectId: 'p1',
      datasetId: id,
      domain: 'main',
      source: { kind: 'paths', paths: [folder] },
    });
    expect((await ended(jobId)).type).toBe('cancelled');
    expect((await call('datasets:images', { projectId: 'p1', datasetId: id })).total).toBe(0);
    const report = await call('datasets:report', { projectId: 'p1', datasetId: id });
    expect(report.rejected).toEqual([]);
  });

  it('refuses a second import into the same domain while one runs, and a wrong domain at once', async () => {
    const { call, ended, dataset } = await setUp();
    const { id } = await dataset();
    const { folder } = await makeMixedFolder(10);
    const args: CallArgs<'datasets:import'> = {
      projectId: 'p1',
      datasetId: id,
      domain: 'main',
      source: { kind: 'paths', paths: [folder] },
    };
    const { jobId } = await call('datasets:import', args);
    await expect(call('datasets:import', args)).rejects.toThrow(
      /busy importing; wait for it to finish or cancel it/,
    );
    await expect(call('datasets:update', { projectId: 'p1', datasetId: id, resolution: 64 })).rejects.toThrow(
      /busy/,
    );
    await expect(call('datasets:import', { ...args, domain: 'A' })).rejects.toThrow(/one folder of images/);
    await ended(jobId);
    const again = await call('datasets:import', args);
    await ended(again.jobId);
  });

  it('changing the resolution rebuilds the cache as a job; cancelling it puts the old settings back', async () => {
    const { call, ended, dataset, jobs, root, listeners } = await setUp();
    const { id } = await dataset();
    const { good } = await makeMixedFolder(3);
    await ended(
      (
        await call('datasets:import', {
          projectId: 'p1',
          datasetId: id,
          domain: 'main',
          source: { kind: 'paths', paths: good },
        })
      ).jobId,
    );

    const renamed = await call('datasets:update', { projectId: 'p1', datasetId: id, name: 'Night moths' });
    expect(renamed).toMatchObject({ dataset: { name: 'Night moths', resolution: 32 }, rebuildJobId: null });

    const changed = await call('datasets:update', {
      projectId: 'p1',
      datasetId: id,
      resolution: 64,
      fit: 'pad',
    });
    expect(changed.dataset).toMatchObject({ resolution: 64, fit: 'pad' });
    expect((await ended(changed.rebuildJobId ?? '')).type).toBe('done');
    expect(existsSync(join(root, 'datasets', id, 'cache', 'main-64.u8'))).toBe(true);

    let cancelling = '';
    listeners.push((event) => {
      if (event.type === 'progress' && event.jobId === cancelling) jobs.requestCancel(event.jobId, true);
    });
    const cancelled = await call('datasets:update', { projectId: 'p1', datasetId: id, resolution: 128 });
    cancelling = cancelled.rebuildJobId ?? '';
    expect(cancelled.dataset.resolution).toBe(128);
    expect((await ended(cancelling)).type).toBe('cancelled');
    const manifest = JSON.parse(await readFile(join(root, 'datasets', id, 'dataset.json'), 'utf8'));
    expect(manifest).toMatchObject({ resolution: 64, fit: 'pad' });
    expect(existsSync(join(root, 'datasets', id, 'cache', 'main-128.u8'))).toBe(false);
    expect((await call('datasets:report', { projectId: 'p1', datasetId: id })).stats.main?.count).toBe(3);
  });

  it('imports a browser upload by the paths the user dropped, copying it, then removes the staging folder', async () => {
    const { call, ended, dataset, uploads } = await setUp();
    const { id } = await call('datasets:create', {
      projectId: 'p1',
      name: 'Up',
      kind: 'single',
      resolution: 32,
      storage: 'reference',
    });
    const { uploadId, maxFileBytes } = await call('uploads:begin', { projectId: 'p1' });
    expect(maxFileBytes).toBeGreaterThan(1_000_000);
    const body = async function* (bytes: Uint8Array) {
      yield bytes;
    };
    await uploads.receive(uploadId, 'moths/one.png', body(await pictureBytes(1)));
    await uploads.receive(uploadId, 'moths/notes.jpg', body(new TextEncoder().encode('not a picture')));
    const staging = uploads.folder(uploadId) ?? '';
    const { jobId } = await call('datasets:import', {
      projectId: 'p1',
      datasetId: id,
      domain: 'main',
      source: { kind: 'upload', uploadId },
    });
    const end = (await ended(jobId)) as { result: ImportSummary };
    expect(end.result.imported).toBe(1);
    expect(end.result.rejected).toEqual([
      { path: 'moths/notes.jpg', kind: 'not-an-image', reason: 'not an image file' },
    ]);
    const { images } = await call('datasets:images', { projectId: 'p1', datasetId: id });
    expect(images[0]?.source).toBe('moths/one.png');
    expect(existsSync(staging)).toBe(false);
    await expect(
      call('datasets:import', {
        projectId: 'p1',
        datasetId: id,
        domain: 'main',
        source: { kind: 'upload', uploadId },
      }),
    ).rejects.toThrow(/drop the files again/);
    expect(await dataset()).toBeTruthy();
  });

  it('reports duplicates, rejections, statistics and near-duplicate groups at any threshold', async () => {
    const { call, ended, dataset } = await setUp();
    const { id } = await dataset();
    const { folder, good } = await makeMixedFolder(3);
    const sharp = (await import('sharp')).default;
    await writeFile(
      join(folder, 'again.jpg'),
      await sharp(good[0] ?? '')
        .jpeg({ quality: 75 })
        .toBuffer(),
    );
    await ended(
      (
        await call('datasets:import', {
          projectId: 'p1',
          datasetId: id,
          domain: 'main',
          source: { kind: 'paths', paths: [folder] },
        })
      ).jobId,
    );
    const report = await call('datasets:report', { projectId: 'p1', datasetId: id });
    expect(report.exactDuplicates).toHaveLength(1);
    expect(report.rejected).toHaveLength(5);
    expect(report.stats.main?.count).toBe(4);
    expect(report.nearDuplicates).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/^This dataset has 4 images\. GANs need many images/);
    expect(await call('datasets:near-duplicates', { projectId: 'p1', datasetId: id, threshold: 6 })).toEqual(
      report.nearDuplicates,
    );
  });

  it('deletes a dataset to the trash, only when confirmed', async () => {
    const { call, dataset, root, trashed } = await setUp();
    const { id } = await dataset();
    await expect(call('datasets:delete', { projectId: 'p1', datasetId: id } as never)).rejects.toThrow();
    expect(await call('datasets:delete', { projectId: 'p1', datasetId: id, confirm: true })).toEqual({
      deleted: true,
    });
    expect(trashed).toEqual([join(root, 'datasets', id)]);
    expect(existsSync(join(root, 'datasets', id))).toBe(false);
    await expect(call('datasets:images', { projectId: 'p1', datasetId: id })).rejects.toThrow(/no dataset/);
  });
});
