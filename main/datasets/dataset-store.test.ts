import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDataset,
  loadDataset,
  readDatasetSummaries,
  updateImages,
  type NewDataset,
} from './dataset-store.js';
import { importImages } from './import-images.js';
import { makeMixedFolder, makeProject } from './test-support/fixtures.js';

const single: NewDataset = {
  name: 'Moths',
  kind: 'single',
  resolution: 64,
  fit: 'crop',
  background: '#ffffff',
  storage: 'copy',
};

describe('dataset store', () => {
  it('creates a dataset folder with a versioned manifest and lists it with zero counts per domain', async () => {
    const root = await makeProject();
    const created = await createDataset(root, { ...single, kind: 'paired', name: 'Day ↔ Night' });
    expect(created).toMatchObject({ name: 'Day ↔ Night', kind: 'paired', resolution: 64 });
    expect(created.counts).toEqual({
      A: { images: 0, excluded: 0, duplicates: 0, rejected: 0 },
      B: { images: 0, excluded: 0, duplicates: 0, rejected: 0 },
    });
    const manifest = JSON.parse(await readFile(join(root, 'datasets', created.id, 'dataset.json'), 'utf8'));
    expect(manifest).toMatchObject({ schemaVersion: 1, id: created.id, storage: 'copy' });
    expect(await readDatasetSummaries(root)).toEqual({ datasets: [created], issues: [] });
  });

  it('counts images, exclusions, duplicates and rejections per domain', async () => {
    const root = await makeProject();
    const { id } = await createDataset(root, single);
    const { folder } = await makeMixedFolder(4);
    await importImages({
      projectRoot: root,
      datasetId: id,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    await updateImages(root, id, (current) => ({
      ...current,
      images: current.images.map((image, i) => (i === 0 ? { ...image, excluded: true } : image)),
    }));
    const { datasets } = await readDatasetSummaries(root);
    expect(datasets[0]?.counts).toEqual({ main: { images: 4, excluded: 1, duplicates: 1, rejected: 5 } });
  });

  it('a project without datasets has none, and no issues', async () => {
    expect(await readDatasetSummaries(await makeProject())).toEqual({ datasets: [], issues: [] });
  });

  it('reports a torn image list, keeps it aside untouched, and opens the dataset without it', async () => {
    const root = await makeProject();
    const { id } = await createDataset(root, single);
    const dir = join(root, 'datasets', id);
    await writeFile(join(dir, 'images.json'), '{"schemaVersion":1,"images":[{"id":"abc"');
    const { datasets, issues } = await readDatasetSummaries(root);
    expect(datasets).toHaveLength(1);
    expect(issues).toEqual([
      {
        path: `datasets/${id}/images.json`,
        message: expect.stringMatching(
          /images\.json is damaged \(not valid JSON\); the dataset opened without it\. It was kept as images\.json\.damaged-/,
        ),
      },
    ]);
    const kept = (await readdir(dir)).find((name) => name.startsWith('images.json.damaged-')) ?? '';
    expect(await readFile(join(dir, kept), 'utf8')).toBe('{"schemaVersion":1,"images":[{"id":"abc"');
    // Saving again starts a fresh list; the damaged one stays where it was put.
    await updateImages(root, id, (current) => current);
    expect((await loadDataset(root, id)).issues).toEqual([]);
  });

  it('reports foreign files and folders instead of failing', async () => {
    const root = await makeProject();
    await createDataset(root, single);
    await mkdir(join(root, 'datasets', 'half-made'), { recursive: true });
    await mkdir(join(root, 'datasets', 'foreign'), { recursive: true });
    await writeFile(join(root, 'datasets', 'foreign', 'dataset.json'), '{"hello":"world"}');
    await mkdir(join(root, 'datasets', 'future'), { recursive: true });
    await writeFile(join(root, 'datasets', 'future', 'dataset.json'), JSON.stringify({ schemaVersion: 9 }));
    const { datasets, issues } = await readDatasetSummaries(root);
    expect(datasets).toHaveLength(1);
    expect(Object.fromEntries(issues.map((issue) => [issue.path, issue.message]))).toEqual({
      'datasets/half-made': expect.stringMatching(/without dataset\.json/),
      'datasets/foreign': expect.stringMatching(/content Ganvas does not recognise/),
      'datasets/future': expect.stringMatching(
        /made by a newer Ganvas \(schema 9\); update Ganvas to open it/,
      ),
    });
  });

  it('says when a training cache no longer matches its dataset', async () => {
    const root = await makeProject();
    const { id } = await createDataset(root, single);
    const { folder } = await makeMixedFolder(2);
    await importImages({
      projectRoot: root,
      datasetId: id,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    const manifestPath = join(root, 'datasets', id, 'dataset.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, fit: 'pad' })); // as a rebuild killed midway leaves it
    const { issues } = await readDatasetSummaries(root);
    expect(issues).toEqual([
      {
        path: `datasets/${id}/cache`,
        message: expect.stringMatching(
          /training cache was made for 64 px, crop, #ffffff; the dataset is now 64 px, pad.*nothing is lost/,
        ),
      },
    ]);
  });
});
