import type { DatasetReport, DatasetSummary, ImageRecord, Project } from '$contract';
import { describe, expect, it } from 'vitest';
import { DatasetStore } from './dataset.svelte.js';
import { imagePageSize } from './image-pages.svelte.js';
import { FakeApi, settle } from './test-support/fake-api.js';

const summary = (id: string, extra: Partial<DatasetSummary> = {}): DatasetSummary => ({
  id,
  name: id,
  kind: 'single',
  createdAt: 1,
  resolution: 64,
  fit: 'crop',
  background: '#ffffff',
  storage: 'copy',
  counts: { main: { images: 0, excluded: 0, duplicates: 0, rejected: 0 } },
  ...extra,
});

const project = (datasets: DatasetSummary[]): Project => ({
  id: 'p1',
  name: 'Moths',
  path: '/p/Moths.ganvas',
  schemaVersion: 1,
  createdAt: 1,
  isSample: false,
  datasets,
  issues: [],
});

const emptyReport: DatasetReport = {
  exactDuplicates: [],
  nearDuplicates: [],
  rejected: [],
  stats: {},
  warnings: [],
};

/** A dataset of `count` images held by the fake service, honouring domain, filter, offset and limit. */
function setUp(count = 450) {
  const images: ImageRecord[] = Array.from({ length: count }, (_, i) => ({
    id: `img${i}`,
    domain: 'main',
    thumbnail: `datasets/d1/thumbs/${i}.webp`,
    source: `moths/${i}.png`,
    width: 64,
    height: 64,
    format: 'png',
    excluded: false,
  }));
  const api = new FakeApi()
    .handle('datasets:images', ({ filter, offset = 0, limit = 200 }) => {
      const matching = images.filter(
        (image) => filter === 'all' || (filter === 'excluded') === image.excluded,
      );
      return { total: matching.length, images: matching.slice(offset, offset + limit) };
    })
    .handle('datasets:report', () => emptyReport)
    .handle('datasets:set-excluded', ({ imageIds, excluded }) => {
      const ids = new Set(imageIds);
      for (const image of images) if (ids.has(image.id)) image.excluded = excluded;
      const excludedCount = images.filter((image) => image.excluded).length;
      return summary('d1', {
        counts: { main: { images: count, excluded: excludedCount, duplicates: 0, rejected: 0 } },
      });
    });
  const store = new DatasetStore(api);
  return { api, store, images };
}

describe('DatasetStore: browsing', () => {
  it('fetches pages only as the grid asks for them', async () => {
    const { api, store } = setUp();
    store.setProject(project([summary('d1')]));
    await settle();
    expect(store.images.total).toBe(450);
    expect(api.callsOf('datasets:images')).toHaveLength(1);
    expect(store.images.imageAt(401)).toBeUndefined();
    await settle();
    expect(store.images.imageAt(401)?.id).toBe('img401');
    expect(api.callsOf('datasets:images').map((args) => (args as { offset: number }).offset)).toEqual([
      0,
      2 * imagePageSize,
    ]);
  });

  it('asks for a page once, however many cells ask at the same time', async () => {
    const { api, store } = setUp();
    store.setProject(project([summary('d1')]));
    await settle();
    for (let i = 200; i < 260; i++) store.images.imageAt(i);
    await settle();
    expect(api.callsOf('datasets:images')).toHaveLength(2);
  });

  it('keeps showing the old images while a refresh is under way', async () => {
    const { store, images } = setUp();
    store.setProject(project([summary('d1')]));
    await settle();
    images.splice(0, 1, { ...(images[0] as ImageRecord), source: 'renamed.png' });
    const refreshing = store.refresh();
    expect(store.images.imageAt(0)?.source).toBe('moths/0.png');
    await refreshing;
    expect(store.images.imageAt(0)?.source).toBe('renamed.png');
  });

  it('starts a paired dataset on domain A and resets the filter when another dataset is picked', async () => {
    const { store } = setUp();
    store.setProject(project([summary('d1'), summary('d2', { kind: 'paired' })]));
    store.setFilter('excluded');
    store.select('d2');
    expect(store.domain).toBe('A');
    expect(store.filter).toBe('all');
  });
});

describe('DatasetStore: curation', () => {
  it('excludes at once in the grid, then takes the counts the service answers with', async () => {
    const { api, store } = setUp();
    store.setProject(project([summary('d1')]));
    await settle();
    const done = store.setExcluded(['img3'], true);
    expect(store.images.imageAt(3)?.excluded).toBe(true);
    await done;
    expect(api.callsOf('datasets:set-excluded')).toEqual([
      { projectId: 'p1', datasetId: 'd1', imageIds: ['img3'], excluded: true },
    ]);
    expect(store.dataset?.counts.main?.excluded).toBe(1);
  });

  it('excludes a shift-click range, fetching the ids of pages not loaded yet', async () => {
    const { api, store, images } = setUp();
    store.setProject(project([summary('d1')]));
    await settle();
    await store.setExcludedRange(150, 420, true);
    expect(images.filter((image) => image.excluded).map((image) => image.id)).toHaveLength(271);
    expect(images.map((image) => image.excluded).slice(149, 422)).toEqual([
      false,
      ...Array<boolean>(271).fill(true),
      false,
    ]);
    expect(api.callsOf('datasets:set-excluded')).toHaveLength(1);
  });

  it('shows the real state again when the service refuses a change', async () => {
    const { api, store } = setUp();
    store.setProject(project([summary('d1')]));
    await settle();
    api.fail('datasets:set-excluded', 'not-found', 'That project is not open.');
    await store.setExcluded(['img3'], true);
    expect(store.error).toBe('That project is not open.');
    await settle();
    expect(store.images.imageAt(3)?.excluded).toBe(false);
  });

  it('under a filter, refetches so changed images leave the list', async () => {
    const { store } = setUp();
    store.setProject(project([summary('d1')]));
    store.setFilter('included');
    await settle();
    await store.setExcluded(['img0', 'img1'], true);
    expect(store.images.total).toBe(448);
    expect(store.images.imageAt(0)?.id).toBe('img2');
  });
});

describe('DatasetStore: imports', () => {
  it('imports into the dataset on show, with its near-duplicate setting, and refreshes when it ends', async () => {
    const { api, store } = setUp();
    api.handle('datasets:import', () => ({ jobId: 'job1' }));
    store.setProject(project([summary('d1')]));
    await settle();
    await store.regroupNearDuplicates(9);
    await store.imports.importPaths(['/home/me/moths'], 'main');
    expect(api.callsOf('datasets:import')).toEqual([
      {
        projectId: 'p1',
        datasetId: 'd1',
        domain: 'main',
        source: { kind: 'paths', paths: ['/home/me/moths'] },
        nearDuplicateThreshold: 9,
      },
    ]);
    // Saves during the import refresh the images, not the report.
    const reports = api.callsOf('datasets:report').length;
    await store.refresh();
    expect(api.callsOf('datasets:report')).toHaveLength(reports);
    const before = api.callsOf('datasets:images').length;
    api.emit('jobs:event', { type: 'cancelled', jobId: 'job1' });
    await settle();
    expect(api.callsOf('datasets:images').length).toBeGreaterThan(before);
    expect(api.callsOf('datasets:report').length).toBeGreaterThan(reports);
  });
});
