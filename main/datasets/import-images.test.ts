import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDataset, loadDataset } from './dataset-store.js';
import { importImages } from './import-images.js';
import { readTrainingCache } from './training-cache.js';
import { makeMixedFolder, makeProject } from './test-support/fixtures.js';

const settings = {
  kind: 'single',
  resolution: 32,
  fit: 'crop',
  background: '#ffffff',
  storage: 'copy',
} as const;

async function setUp() {
  const root = await makeProject();
  const dataset = await createDataset(root, { name: 'Mixed', ...settings });
  const { folder, good } = await makeMixedFolder();
  return { root, datasetId: dataset.id, folder, good };
}

describe('importImages', () => {
  it('imports the good files, lists the duplicate and says why each bad file was rejected', async () => {
    const { root, datasetId, folder } = await setUp();
    const summary = await importImages({
      projectRoot: root,
      datasetId,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    expect(summary.imported).toBe(6);
    expect(summary.exactDuplicates.map((d) => d.path)).toEqual([
      expect.stringMatching(/copy-of-good-0\.png$|good-0\.png$/),
    ]);
    const reasons = Object.fromEntries(summary.rejected.map((r) => [r.path.split('/').pop(), r.kind]));
    expect(reasons).toEqual({
      'truncated.png': 'corrupt',
      'empty.png': 'empty',
      'notes.jpg': 'not-an-image',
      'tiny.png': 'too-small',
    });

    const cache = await readTrainingCache(root, datasetId, 'main');
    expect(cache).toMatchObject({ count: 6, size: 32 });
    expect(cache.images.length).toBe(6 * 32 * 32 * 3);
    const stored = await loadDataset(root, datasetId);
    expect(stored.rejected).toHaveLength(4);
    expect(stored.images.images.every((image) => !image.stored.startsWith('/'))).toBe(true);
  });

  it('adds only what is new when the same folder is imported again', async () => {
    const { root, datasetId, folder } = await setUp();
    await importImages({
      projectRoot: root,
      datasetId,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    const again = await importImages({
      projectRoot: root,
      datasetId,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    expect(again.imported).toBe(0);
    expect(again.alreadyPresent).toBe(6);
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(6);
  });

  it('finds near duplicates: a re-encoded copy is near, different pictures are not', async () => {
    const { root, datasetId, good } = await setUp();
    const sharp = (await import('sharp')).default;
    const { writeFile } = await import('node:fs/promises');
    const original = good[1] ?? '';
    const reencoded = original.replace('.png', '-reencoded.jpg');
    await writeFile(reencoded, await sharp(original).jpeg({ quality: 70 }).toBuffer());
    const summary = await importImages({
      projectRoot: root,
      datasetId,
      domain: 'main',
      paths: [...good, reencoded],
      nearDuplicateThreshold: 6,
    });
    expect(summary.nearDuplicates).toHaveLength(1);
    expect(summary.nearDuplicates[0]?.imageIds).toHaveLength(2);
  });

  it('on cancel keeps what was done, or rolls the import back, as asked', async () => {
    for (const keep of [true, false]) {
      const { root, datasetId, folder } = await setUp();
      const controller = new AbortController();
      const summary = await importImages({
        projectRoot: root,
        datasetId,
        domain: 'main',
        paths: [folder],
        nearDuplicateThreshold: 4,
        concurrency: 1,
        signal: controller.signal,
        keepPartial: () => keep,
        onProgress: (progress) => {
          if ((progress.done ?? 0) >= 3) controller.abort();
        },
      });
      expect(summary.cancelled).toBe(true);
      const stored = await loadDataset(root, datasetId);
      if (keep) {
        expect(stored.images.images.length).toBeGreaterThan(0);
        expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(stored.images.images.length);
      } else {
        expect(stored.images.images).toEqual([]);
        expect(summary.imported).toBe(0);
      }
    }
  });

  it('refuses a domain the dataset does not have', async () => {
    const { root, datasetId, folder } = await setUp();
    await expect(
      importImages({ projectRoot: root, datasetId, domain: 'A', paths: [folder], nearDuplicateThreshold: 4 }),
    ).rejects.toThrow(/one folder of images/);
  });

  it('survives being killed midway: the dataset opens and holds everything it had saved', async () => {
    const { root, datasetId } = await setUp();
    const { folder } = await makeMixedFolder(60);
    const script = fileURLToPath(new URL('./test-support/import-child.ts', import.meta.url));
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, root, datasetId, folder], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // Kill it once it has saved at least once (it prints a line per save).
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 30));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const stored = await loadDataset(root, datasetId);
      expect(stored.issues).toEqual([]);
      const cache = await readTrainingCache(root, datasetId, 'main');
      expect(cache.count).toBe(stored.images.images.length);
    }
    // And an import afterwards completes the set.
    const summary = await importImages({
      projectRoot: root,
      datasetId,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    const stored = await loadDataset(root, datasetId);
    expect(stored.images.images.length).toBe(60);
    expect(summary.imported + summary.alreadyPresent).toBe(60);
  });
});
