import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFiles, cacheStatus, emptyCacheIndex } from './cache-index.js';
import { createDataset, loadDataset, updateImages } from './dataset-store.js';
import { importImages } from './import-images.js';
import { makeProject, pictureBytes } from './test-support/fixtures.js';
import { CacheWriter, readTrainingCache } from './training-cache.js';

const row = (value: number) => new Uint8Array(32 * 32 * 3).fill(value);

async function dataset() {
  const root = await makeProject();
  const { id } = await createDataset(root, {
    name: 'Cache',
    kind: 'single',
    resolution: 32,
    fit: 'crop',
    background: '#ffffff',
    storage: 'copy',
  });
  const { manifest } = await loadDataset(root, id);
  return { root, id, manifest, files: cacheFiles(root, id, 'main', 32) };
}

describe('CacheWriter', () => {
  it('counts only committed rows, and cuts the unsaved tail when opened again', async () => {
    const { manifest, files } = await dataset();
    const writer = await CacheWriter.open(files, emptyCacheIndex(manifest, 'main'));
    await writer.append('one', row(1));
    await writer.append('two', row(2));
    await writer.commit();
    await writer.append('three', row(3)); // written, never committed: a killed import's tail
    await writer.close();
    expect((await stat(files.data)).size).toBe(3 * 3072);
    const index = JSON.parse(await readFile(files.index, 'utf8'));
    expect(index).toMatchObject({ resolution: 32, fit: 'crop', ids: ['one', 'two'] });

    const again = await CacheWriter.open(files, index);
    expect((await stat(files.data)).size).toBe(2 * 3072);
    await again.append('four', row(4));
    await again.commit();
    await again.close();
    const bytes = await readFile(files.data);
    expect([bytes[0], bytes[3072], bytes[2 * 3072]]).toEqual([1, 2, 4]);
  });

  it('refuses a row of the wrong size', async () => {
    const { manifest, files } = await dataset();
    const writer = await CacheWriter.open(files, emptyCacheIndex(manifest, 'main'));
    await expect(writer.append('odd', new Uint8Array(10))).rejects.toThrow(/3072 bytes/);
    await writer.close();
  });
});

describe('readTrainingCache', () => {
  it('returns the images of a domain in one buffer, leaving excluded ones out unless asked', async () => {
    const { root, id } = await dataset();
    const folder = await makeFolder();
    await importImages({
      projectRoot: root,
      datasetId: id,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 0,
    });
    const all = await readTrainingCache(root, id, 'main');
    expect(all).toMatchObject({ count: 5, size: 32 });
    const excludedId = all.ids[1] ?? '';
    await updateImages(root, id, (current) => ({
      ...current,
      images: current.images.map((image) => (image.id === excludedId ? { ...image, excluded: true } : image)),
    }));
    const included = await readTrainingCache(root, id, 'main');
    expect(included.count).toBe(4);
    expect(included.ids).not.toContain(excludedId);
    // Each image's bytes are the same wherever it sits in the result.
    const slice = (cache: typeof all, imageId: string) => {
      const k = cache.ids.indexOf(imageId);
      return cache.images.subarray(k * 3072, (k + 1) * 3072);
    };
    for (const imageId of included.ids) expect(slice(included, imageId)).toEqual(slice(all, imageId));
    expect((await readTrainingCache(root, id, 'main', { includeExcluded: true })).count).toBe(5);
  });

  it('refuses a cache whose rows are missing, and reads an empty domain as empty', async () => {
    const { root, id, manifest } = await dataset();
    expect(await readTrainingCache(root, id, 'main')).toMatchObject({ count: 0, ids: [] });
    const folder = await makeFolder();
    await importImages({
      projectRoot: root,
      datasetId: id,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 0,
    });
    const { data } = cacheFiles(root, id, 'main', 32);
    await writeFile(data, (await readFile(data)).subarray(0, 3072 * 2));
    expect((await cacheStatus(root, manifest, 'main', [])).ok).toBe(false);
    await expect(readTrainingCache(root, id, 'main')).rejects.toThrow(/shorter than its index/);
  });
});

async function makeFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'ganvas-cache-'));
  for (let seed = 0; seed < 5; seed++)
    await writeFile(join(folder, `p${seed}.png`), await pictureBytes(seed));
  return folder;
}
