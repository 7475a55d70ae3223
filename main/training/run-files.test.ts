import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../contract/index.js';
import {
  appendMetrics,
  checkpointFolder,
  copyRunUpTo,
  listCheckpoints,
  listSampleSteps,
  readMetrics,
  samplePath,
  truncateMetricsAfter,
} from './run-files.js';

const point = (step: number): MetricPoint => ({
  step,
  seconds: step / 10,
  dLoss: 1.2,
  gLoss: 0.8,
  dReal: 0.6,
  dFake: 0.4,
  imagesPerSecond: 100,
});

let runDir: string;
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'ganvas-run-'));
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

describe('metrics.jsonl', () => {
  it('appends points and reads them back from a step on', async () => {
    await appendMetrics(runDir, [point(1), point(2)]);
    await appendMetrics(runDir, [point(3)]);
    expect((await readMetrics(runDir)).map((p) => p.step)).toEqual([1, 2, 3]);
    expect((await readMetrics(runDir, 2)).map((p) => p.step)).toEqual([2, 3]);
  });

  it('survives a torn last line: it is skipped, and the next append starts on a new line', async () => {
    await appendMetrics(runDir, [point(1)]);
    const path = join(runDir, 'metrics.jsonl');
    await writeFile(path, `${await readFile(path, 'utf8')}{"step":2,"seco`);
    expect((await readMetrics(runDir)).map((p) => p.step)).toEqual([1]);
    await appendMetrics(runDir, [point(2)]);
    expect((await readMetrics(runDir)).map((p) => p.step)).toEqual([1, 2]);
  });

  it('keeps steps increasing when a resumed run repeats steps it had not trimmed', async () => {
    await appendMetrics(runDir, [point(1), point(2), point(3), point(2), point(3)]);
    expect((await readMetrics(runDir)).map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('truncates after a checkpoint step, for a continuous curve on resume', async () => {
    await appendMetrics(runDir, [point(1), point(2), point(3)]);
    await truncateMetricsAfter(runDir, 2);
    await appendMetrics(runDir, [point(3)]);
    expect((await readMetrics(runDir)).map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('reads a run without metrics as an empty curve', async () => {
    expect(await readMetrics(join(runDir, 'nothing'))).toEqual([]);
  });
});

describe('checkpoints and samples', () => {
  async function fakeCheckpoint(dir: string, step: number) {
    await mkdir(checkpointFolder(dir, step), { recursive: true });
    await writeFile(join(checkpointFolder(dir, step), 'checkpoint.json'), '{}');
    await writeFile(join(checkpointFolder(dir, step), 'weights.bin'), new Uint8Array(10));
  }

  it('lists only whole checkpoints, oldest first, with their size', async () => {
    await fakeCheckpoint(runDir, 20);
    await fakeCheckpoint(runDir, 5);
    await mkdir(join(runDir, 'checkpoints', '.30.tmp-abc'), { recursive: true });
    await mkdir(join(runDir, 'checkpoints', '40'), { recursive: true });
    const found = await listCheckpoints(runDir);
    expect(found.map((c) => [c.step, c.bytes])).toEqual([
      [5, 12],
      [20, 12],
    ]);
  });

  it('lists sample steps in order and ignores other files', async () => {
    await mkdir(join(runDir, 'samples'));
    for (const name of ['100.png', '0.png', '50.png', 'notes.txt', '.7.png.tmp'])
      await writeFile(join(runDir, 'samples', name), '');
    expect(await listSampleSteps(runDir)).toEqual([0, 50, 100]);
  });

  it('copies a run up to a checkpoint for a branch', async () => {
    await fakeCheckpoint(runDir, 10);
    await fakeCheckpoint(runDir, 20);
    await mkdir(join(runDir, 'samples'));
    for (const step of [0, 10, 20]) await writeFile(samplePath(runDir, step), 'png');
    await appendMetrics(runDir, [point(5), point(10), point(15)]);
    const branch = join(runDir, 'branch');
    await copyRunUpTo(runDir, branch, 10);
    expect((await listCheckpoints(branch)).map((c) => c.step)).toEqual([10]);
    expect(await listSampleSteps(branch)).toEqual([0, 10]);
    expect((await readMetrics(branch)).map((p) => p.step)).toEqual([5, 10]);
  });
});
