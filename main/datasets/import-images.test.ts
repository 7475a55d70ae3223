import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cacheFiles } from './cache-index.js';
import { createDataset, loadDataset, updateImages, type NewDataset } from './dataset-store.js';
import { importImages, type ImportOptions } from './import-images.js';
import { makeMixedFolder, makeProject, pictureBytes } from './test-support/fixtures.js';
import { readTrainingCache } from './training-cache.js';

const settings: NewDataset = {
  name: 'Mixed',
  kind: 'single',
  resolution: 32,
  fit: 'crop',
  background: '#ffffff',
  storage: 'copy',
};

async function setUp(overrides: Partial<NewDataset> = {}) {
  const root = await makeProject();
  const dataset = await createDataset(root, { ...settings, ...overrides });
  const { folder, good } = await makeMixedFolder();
  const run = (options: Partial<ImportOptions> = {}) =>
    importImages({
      projectRoot: root,
      datasetId: dataset.id,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
      ...options,
    });
  return { root, datasetId: dataset.id, folder, good, run };
}

const names = (paths: Array<{ path: string }>) => paths.map((each) => each.path.split('/').pop());

describe('importImages', () => {
  it('imports the good files, lists the duplicate and says why each bad file was rejected', async () => {
    const { root, datasetId, folder, good, run } = await setUp();
    await symlink(folder, join(folder, 'loop'));
    const summary = await run();
    expect(summary).toMatchObject({ imported: 6, alreadyPresent: 0, cancelled: false });
    expect(names(summary.exactDuplicates)).toEqual([
      expect.stringMatching(/^(copy-of-good-0|good-000)\.png$/),
    ]);
    expect(
      Object.fromEntries(summary.rejected.map((file) => [file.path.split('/').pop(), file.kind])),
    ).toEqual({
      'truncated.png': 'corrupt',
      'empty.png': 'empty',
      'notes.jpg': 'not-an-image',
      'drawing.svg': 'unsupported',
      'tiny.png': 'too-small',
      loop: 'symlink-loop',
    });

    const stored = await loadDataset(root, datasetId);
    expect(stored.issues).toEqual([]);
    expect(stored.rejected).toHaveLength(6);
    expect(stored.images.duplicates).toHaveLength(1);
    const first = stored.images.images.find((image) => image.source === good[1]);
    const bytes = await readFile(good[1] ?? '');
    expect(first?.id).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 24));
    for (const image of stored.images.images) {
      expect(image.stored.startsWith('datasets/')).toBe(true); // relative: the project can move
      expect(existsSync(join(root, image.stored))).toBe(true);
      expect((await sharp(join(root, image.thumbnail)).metadata()).width).toBe(64);
    }
    expect(await readFile(join(root, first?.stored ?? ''))).toEqual(bytes);

    const cache = await readTrainingCache(root, datasetId, 'main');
    expect(cache).toMatchObject({ count: 6, size: 32 });
    expect(cache.images.length).toBe(6 * 32 * 32 * 3);
    expect([...cache.ids].sort()).toEqual(stored.images.images.map((image) => image.id).sort());
  });

  it('adds only what is new when the same folder is imported again', async () => {
    const { root, datasetId, folder, run } = await setUp();
    await run();
    const again = await run();
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 7, exactDuplicates: [] });
    expect(again.rejected).toHaveLength(5);
    const stored = await loadDataset(root, datasetId);
    expect(stored.rejected).toHaveLength(5); // the latest word on each file, not a second copy
    expect(stored.images.duplicates).toHaveLength(1);

    await writeFile(join(folder, 'new.png'), await pictureBytes(40));
    await rm(join(folder, 'tiny.png'));
    const third = await run();
    expect(third).toMatchObject({ imported: 1, alreadyPresent: 7 });
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(7);
  });

  it('finds near duplicates: a re-encoded and a slightly brightened copy are near, other pictures are not', async () => {
    const { root, datasetId, good, run } = await setUp();
    const original = good[2] ?? '';
    const reencoded = original.replace('.png', '-reencoded.jpg');
    const brightened = original.replace('.png', '-brighter.png');
    await writeFile(reencoded, await sharp(original).jpeg({ quality: 70 }).toBuffer());
    await writeFile(brightened, await sharp(original).modulate({ brightness: 1.08 }).png().toBuffer());
    const summary = await run({ paths: [...good, reencoded, brightened], nearDuplicateThreshold: 6 });
    expect(summary.imported).toBe(8);
    expect(summary.nearDuplicates).toHaveLength(1);
    const stored = await loadDataset(root, datasetId);
    const sourceOf = (id: string) => stored.images.images.find((image) => image.id === id)?.source;
    expect(summary.nearDuplicates[0]?.imageIds.map(sourceOf).sort()).toEqual(
      [brightened, original, reencoded].sort(),
    );
  });

  it('rejects every copy of a broken file, never calling one a duplicate of nothing', async () => {
    const { folder, run } = await setUp();
    await writeFile(join(folder, 'truncated-again.png'), await readFile(join(folder, 'truncated.png')));
    const summary = await run();
    const corrupt = summary.rejected
      .filter((file) => file.kind === 'corrupt')
      .map((file) => file.path.split('/').pop());
    expect(corrupt.sort()).toEqual(['truncated-again.png', 'truncated.png']);
    expect(summary.exactDuplicates).toHaveLength(1); // only the copy of a good picture
  });

  it('on cancel keeps what was done', async () => {
    const { root, datasetId, run } = await setUp();
    const controller = new AbortController();
    const summary = await run({
      concurrency: 1,
      signal: controller.signal,
      keepPartial: () => true,
      onProgress: (progress) => (progress.done ?? 0) >= 3 && controller.abort(),
    });
    expect(summary.cancelled).toBe(true);
    const stored = await loadDataset(root, datasetId);
    expect(stored.images.images.length).toBe(summary.imported);
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.imported).toBeLessThan(6);
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(summary.imported);
  });

  it('on cancel can roll back everything the import added: records, cache rows, originals, thumbnails', async () => {
    const { root, datasetId, run } = await setUp();
    const dir = join(root, 'datasets', datasetId);
    const controller = new AbortController();
    const summary = await run({
      concurrency: 1,
      saveEveryImages: 1, // saved along the way, and still taken back
      signal: controller.signal,
      keepPartial: () => false,
      onProgress: (progress) => (progress.done ?? 0) >= 5 && controller.abort(),
    });
    expect(summary).toMatchObject({ cancelled: true, imported: 0, rejected: [], exactDuplicates: [] });
    const stored = await loadDataset(root, datasetId);
    expect(stored.images).toMatchObject({ images: [], duplicates: [] });
    expect(stored.rejected).toEqual([]);
    expect(await readdir(join(dir, 'thumbs'))).toEqual([]);
    expect(await readdir(join(dir, 'originals', 'main'))).toEqual([]);
    expect((await stat(cacheFiles(root, datasetId, 'main', 32).data)).size).toBe(0);
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(0);
  });

  it('refuses a domain the dataset does not have', async () => {
    const { run } = await setUp();
    await expect(run({ domain: 'A' })).rejects.toThrow(/one folder of images/);
  });

  it("in 'reference' storage points at the originals where they are", async () => {
    const { root, datasetId, good, run } = await setUp({ storage: 'reference' });
    await run({ paths: good });
    const stored = await loadDataset(root, datasetId);
    expect(stored.images.images.map((image) => image.stored).sort()).toEqual([...good].sort());
    expect(existsSync(join(root, 'datasets', datasetId, 'originals'))).toBe(false);
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(6);
  });

  it('keeps the two domains of a CycleGAN dataset apart, and a rollback in one spares the other', async () => {
    const { root, datasetId, good, run } = await setUp({ kind: 'paired' });
    await run({ domain: 'A', paths: good.slice(0, 3) });
    // B gets the same three pictures (same ids, shared thumbnails) and one more, then is rolled back.
    const controller = new AbortController();
    const cancelled = await run({
      domain: 'B',
      paths: good.slice(0, 4),
      concurrency: 1,
      signal: controller.signal,
      keepPartial: () => false,
      onProgress: (progress) => (progress.done ?? 0) >= 3 && controller.abort(),
    });
    expect(cancelled).toMatchObject({ cancelled: true, imported: 0 });
    const afterRollback = await loadDataset(root, datasetId);
    expect(afterRollback.images.images.map((image) => image.domain)).toEqual(['A', 'A', 'A']);
    for (const image of afterRollback.images.images)
      expect(existsSync(join(root, image.thumbnail))).toBe(true);
    await run({ domain: 'B', paths: good.slice(0, 4) });
    const stored = await loadDataset(root, datasetId);
    expect(stored.images.images.filter((image) => image.domain === 'A')).toHaveLength(3);
    expect(stored.images.images.filter((image) => image.domain === 'B')).toHaveLength(4);
    expect((await readTrainingCache(root, datasetId, 'A')).count).toBe(3);
    expect((await readTrainingCache(root, datasetId, 'B')).count).toBe(4);
  });

  it('never overwrites an exclude made while the import runs', async () => {
    const { root, datasetId, run } = await setUp();
    let excluded: string | null = null;
    await run({
      concurrency: 1,
      saveEveryImages: 1,
      onSaved: () => {
        if (excluded) return;
        void loadDataset(root, datasetId).then(async ({ images }) => {
          const first = images.images[0];
          if (!first || excluded) return;
          excluded = first.id;
          await updateImages(root, datasetId, (current) => ({
            ...current,
            images: current.images.map((image) =>
              image.id === first.id ? { ...image, excluded: true } : image,
            ),
          }));
        });
      },
    });
    const stored = await loadDataset(root, datasetId);
    expect(excluded).not.toBeNull();
    expect(stored.images.images.find((image) => image.id === excluded)?.excluded).toBe(true);
    expect(stored.images.images).toHaveLength(6);
  });

  it('brings a stale training cache up to date before adding to it', async () => {
    const { root, datasetId, good, run } = await setUp();
    await run({ paths: good.slice(0, 3) });
    await rm(cacheFiles(root, datasetId, 'main', 32).index); // as an interrupted rebuild leaves it
    await expect(readTrainingCache(root, datasetId, 'main')).rejects.toThrow(/has not been built/);
    const summary = await run({ paths: good });
    expect(summary.imported).toBe(3);
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(6);
  });

  it('stops with a plain reason when it cannot write into the project, keeping what it saved', async () => {
    const { root, datasetId, good, run } = await setUp();
    // A folder where good-003's thumbnail should go: writing it fails, as on a full or read-only disk.
    const id = createHash('sha256')
      .update(await readFile(good[3] ?? ''))
      .digest('hex')
      .slice(0, 24);
    await mkdir(join(root, 'datasets', datasetId, 'thumbs', `${id}.jpg`), { recursive: true });
    await expect(run({ concurrency: 1, saveEveryImages: 1 })).rejects.toThrow(
      /^The import stopped: .*EISDIR.*\. 3 images imported before that were saved and kept\.$/,
    );
    expect((await loadDataset(root, datasetId)).images.images).toHaveLength(3);
    expect((await readTrainingCache(root, datasetId, 'main')).count).toBe(3);
  });
});
