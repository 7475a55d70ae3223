import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset, loadDataset, readDatasetSummaries } from './dataset-store.js';
import { importImages } from './import-images.js';
import { makeMixedFolder, makeProject } from './test-support/fixtures.js';
import { readTrainingCache } from './training-cache.js';

function child(script: string, args: string[]): ChildProcess & { lines: string[]; exited: Promise<unknown> } {
  const path = fileURLToPath(new URL(`./test-support/${script}`, import.meta.url));
  const process_ = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let pending = '';
  process_.stdout?.on('data', (chunk: Buffer) => {
    const text = pending + chunk.toString();
    const parts = text.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise((resolve) => process_.once('exit', resolve));
  return Object.assign(process_, { lines, exited });
}

const until = (check: () => boolean) =>
  new Promise<void>((resolve) => {
    const timer = setInterval(() => check() && (clearInterval(timer), resolve()), 5);
  });

/** Kills it (unless it already finished) and waits until it is gone. */
async function kill(process_: ChildProcess & { exited: Promise<unknown> }): Promise<void> {
  process_.kill('SIGKILL');
  await process_.exited;
}

describe('a process killed at any moment', () => {
  it('midway through an import leaves a dataset that opens with every image it had reported saved', async () => {
    const root = await makeProject();
    const dataset = await createDataset(root, {
      name: 'Crash',
      kind: 'single',
      resolution: 32,
      fit: 'crop',
      background: '#ffffff',
      storage: 'copy',
    });
    // Enough images that an import outlasts every kill delay below, however fast importing gets.
    const pictures = 300;
    const { folder } = await makeMixedFolder(pictures);
    let killedMidway = 0;
    for (let round = 0; round < 4; round++) {
      const importer = child('import-child.ts', [root, dataset.id, folder]);
      // Kill it at a different point each round, once it has saved at least once.
      await until(() => importer.lines.some((line) => line.startsWith('saved')));
      await new Promise((resolve) => setTimeout(resolve, round * 40));
      await kill(importer);
      const reported = Math.max(
        0,
        ...importer.lines.map((line) => Number(/^saved (\d+)$/.exec(line)?.[1] ?? 0)),
      );
      if (!importer.lines.includes('finished')) killedMidway++;

      const { datasets, issues } = await readDatasetSummaries(root);
      expect(issues).toEqual([]);
      const stored = await loadDataset(root, dataset.id);
      expect(stored.images.images.length).toBeGreaterThanOrEqual(reported);
      expect(datasets[0]?.counts.main?.images).toBe(stored.images.images.length);
      for (const image of stored.images.images) {
        expect(existsSync(join(root, image.stored))).toBe(true);
        expect(existsSync(join(root, image.thumbnail))).toBe(true);
      }
      expect((await readTrainingCache(root, dataset.id, 'main')).count).toBe(stored.images.images.length);
    }
    expect(killedMidway).toBeGreaterThanOrEqual(3);
    // And an import afterwards completes the set, nothing twice.
    const summary = await importImages({
      projectRoot: root,
      datasetId: dataset.id,
      domain: 'main',
      paths: [folder],
      nearDuplicateThreshold: 4,
    });
    const stored = await loadDataset(root, dataset.id);
    expect(stored.images.images.length).toBe(pictures);
    expect(new Set(stored.images.images.map((image) => image.id)).size).toBe(pictures);
    expect(summary.imported + summary.alreadyPresent).toBe(pictures + 1); // and the known duplicate
    expect((await readTrainingCache(root, dataset.id, 'main')).count).toBe(pictures);
  }, 60_000);

  it('midway through writing the image list leaves a whole list, never a torn one', async () => {
    const root = await makeProject();
    const dataset = await createDataset(root, {
      name: 'Torn',
      kind: 'single',
      resolution: 32,
      fit: 'crop',
      background: '#ffffff',
      storage: 'copy',
    });
    for (let round = 0; round < 5; round++) {
      const writer = child('rewrite-images-child.ts', [root, dataset.id]);
      await until(() => writer.lines.includes('writing'));
      // The child does nothing but rewrite the ~1 MB list, so a kill lands mid-write almost every time.
      await new Promise((resolve) => setTimeout(resolve, 10 + round * 17));
      await kill(writer);
      const stored = await loadDataset(root, dataset.id);
      expect(stored.issues).toEqual([]);
      expect(stored.images.images.length).toBeGreaterThan(2000);
    }
  });
});
