import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cacheFiles } from './cache-index.js';
import { createDataset, loadDataset, updateManifest, type NewDataset } from './dataset-store.js';
import { importImages } from './import-images.js';
import { ensureTrainingCache, rebuildCache } from './rebuild-cache.js';
import { makeMixedFolder, makeProject } from './test-support/fixtures.js';
import { readTrainingCache } from './training-cache.js';

async function imported(overrides: Partial<NewDataset> = {}) {
  const root = await makeProject();
  const { id } = await createDataset(root, {
    name: 'Rebuild',
    kind: 'single',
    resolution: 32,
    fit: 'crop',
    background: '#ffffff',
    storage: 'copy',
    ...overrides,
  });
  const { folder, good } = await makeMixedFolder(4);
  await importImages({
    projectRoot: root,
    datasetId: id,
    domain: 'main',
    paths: [folder],
    nearDuplicateThreshold: 4,
  });
  return { root, id, good };
}

describe('rebuildCache', () => {
  it('renders the cache again at a new resolution and removes the old one', async () => {
    const { root, id } = await imported();
    const before = await readTrainingCache(root, id, 'main');
    await updateManifest(root, id, (manifest) => ({ ...manifest, resolution: 64 }));
    await expect(readTrainingCache(root, id, 'main')).rejects.toThrow(/has not been built/);
    const progress: number[] = [];
    const result = await rebuildCache({
      projectRoot: root,
      datasetId: id,
      onProgress: (p) => progress.push(p.done ?? -1),
    });
    expect(result).toMatchObject({ rebuilt: 4, cancelled: false, fromThumbnail: [], unavailable: [] });
    expect(progress.at(-1)).toBe(4);
    const after = await readTrainingCache(root, id, 'main');
    expect(after).toMatchObject({ count: 4, size: 64 });
    expect([...after.ids].sort()).toEqual([...before.ids].sort());
    expect(existsSync(cacheFiles(root, id, 'main', 32).data)).toBe(false);
    expect(existsSync(cacheFiles(root, id, 'main', 32).index)).toBe(false);
  });

  it('records the new fit and background in the cache index', async () => {
    const { root, id } = await imported();
    await updateManifest(root, id, (manifest) => ({ ...manifest, fit: 'pad', background: '#000000' }));
    await rebuildCache({ projectRoot: root, datasetId: id });
    const index = JSON.parse(await readFile(cacheFiles(root, id, 'main', 32).index, 'utf8'));
    expect(index).toMatchObject({ fit: 'pad', background: '#000000' });
    expect((await readTrainingCache(root, id, 'main')).count).toBe(4);
  });

  it('leaves the old cache untouched when cancelled', async () => {
    const { root, id } = await imported();
    const { data } = cacheFiles(root, id, 'main', 32);
    const bytes = await readFile(data);
    await updateManifest(root, id, (manifest) => ({ ...manifest, fit: 'stretch' }));
    const controller = new AbortController();
    const result = await rebuildCache({
      projectRoot: root,
      datasetId: id,
      signal: controller.signal,
      concurrency: 1,
      onProgress: () => controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(await readFile(data)).toEqual(bytes);
    expect(existsSync(`${data}.building`)).toBe(false);
    // Put the old settings back (as the service does on cancel): the old cache is valid again.
    await updateManifest(root, id, (manifest) => ({ ...manifest, fit: 'crop' }));
    expect((await readTrainingCache(root, id, 'main')).count).toBe(4);
  });

  it('renders an image whose original went missing from its thumbnail, and says so', async () => {
    const { root, id, good } = await imported({ storage: 'reference' });
    await rm(good[1] ?? '');
    await updateManifest(root, id, (manifest) => ({ ...manifest, resolution: 64 }));
    const result = await rebuildCache({ projectRoot: root, datasetId: id });
    expect(result.fromThumbnail).toEqual([good[1]]);
    expect((await readTrainingCache(root, id, 'main')).count).toBe(4);
  });

  it('ensureTrainingCache rebuilds only what is stale', async () => {
    const root = await makeProject();
    const { id } = await createDataset(root, {
      name: 'Pair',
      kind: 'paired',
      resolution: 32,
      fit: 'crop',
      background: '#ffffff',
      storage: 'copy',
    });
    const { good } = await makeMixedFolder(3);
    for (const domain of ['A', 'B'] as const) {
      await importImages({
        projectRoot: root,
        datasetId: id,
        domain,
        paths: good,
        nearDuplicateThreshold: 4,
      });
    }
    expect(await ensureTrainingCache({ projectRoot: root, datasetId: id })).toEqual({
      rebuilt: [],
      result: null,
    });
    await rm(cacheFiles(root, id, 'B', 32).index);
    const bSize = (await stat(cacheFiles(root, id, 'B', 32).data)).size;
    const ensured = await ensureTrainingCache({ projectRoot: root, datasetId: id });
    expect(ensured.rebuilt).toEqual(['B']);
    expect(ensured.result?.rebuilt).toBe(3);
    expect((await readTrainingCache(root, id, 'B')).count).toBe(3);
    expect((await stat(cacheFiles(root, id, 'B', 32).data)).size).toBe(bSize);
    expect((await loadDataset(root, id)).images.images).toHaveLength(6);
  });
});
