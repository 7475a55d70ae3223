import { describe, expect, it } from 'vitest';
import { createDataset, updateImages } from './dataset-store.js';
import { aspectBucket, datasetReport, datasetStats } from './dataset-report.js';
import { importImages } from './import-images.js';
import { makeMixedFolder, makeProject } from './test-support/fixtures.js';

describe('datasetStats', () => {
  it('counts sizes, aspect buckets and the mean colour', () => {
    const stats = datasetStats([
      { width: 100, height: 200, mean: [255, 0, 0] },
      { width: 300, height: 300, mean: [0, 0, 255] },
      { width: 400, height: 100, mean: [0, 255, 0] },
      { width: 105, height: 100 },
    ]);
    expect(stats).toEqual({
      count: 4,
      minSide: 100,
      maxSide: 400,
      medianWidth: 202.5,
      medianHeight: 150,
      aspect: { portrait: 1, square: 2, landscape: 1 },
      meanColor: '#555555',
    });
    expect(aspectBucket(100, 109)).toBe('square');
    expect(datasetStats([])).toMatchObject({ count: 0, minSide: 0, maxSide: 0, medianWidth: 0 });
  });
});

describe('datasetReport', () => {
  it('lists duplicates and rejections, gives per-domain statistics and warns in plain words when too few', async () => {
    const root = await makeProject();
    const { id } = await createDataset(root, {
      name: 'Few',
      kind: 'paired',
      resolution: 32,
      fit: 'crop',
      background: '#ffffff',
      storage: 'copy',
    });
    const { folder } = await makeMixedFolder(4);
    await importImages({
      projectRoot: root,
      datasetId: id,
      domain: 'A',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    await updateImages(root, id, (current) => ({
      ...current,
      images: current.images.map((image, i) => (i === 0 ? { ...image, excluded: true } : image)),
    }));
    const report = await datasetReport(root, id);
    expect(report.exactDuplicates).toHaveLength(1);
    expect(report.rejected.map((file) => file.kind).sort()).toEqual([
      'corrupt',
      'empty',
      'not-an-image',
      'too-small',
      'unsupported',
    ]);
    expect(report.stats.A).toMatchObject({ count: 3, minSide: 64, maxSide: 64, aspect: { square: 3 } });
    expect(report.stats.A?.meanColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(report.stats.B).toMatchObject({ count: 0 });
    expect(report.warnings).toEqual([
      'Domain A has 3 images. GANs need many images to learn rather than copy; with 3 images expect memorisation — add more (500 or more is a good start) or use augmentation (coming with training).',
      'Domain B has no images yet: drop a folder of images on it.',
    ]);
  });
});
