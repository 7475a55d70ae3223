import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../../contract/index.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { checkpointFolder, listCheckpoints } from '../run-files.js';
import {
  DamagedCheckpoint,
  NonFiniteState,
  readCheckpoint,
  readNewestCheckpoint,
  thinCheckpoints,
  writeCheckpoint,
  type CheckpointMeta,
} from './checkpoint-files.js';

beforeAll(async () => {
  await loadBackend({ setting: 'cpu', env: {} });
});

const runDir = () => mkdtemp(join(tmpdir(), 'ganvas-checkpoints-'));

function meta(step: number): CheckpointMeta {
  return {
    step,
    seconds: step / 10,
    settings: presets.quick.settings,
    random: { seed: 1, generation: 2, cursor: { epoch: 3, position: 4 } },
    optimizerSteps: { generator: step, discriminator: 2 * step },
  };
}

/** A few tensors of different shapes whose values depend on the step. */
function state(step: number) {
  return [
    { name: 'generator/0', tensor: tf.tensor2d([1, 2, 3, 4, 5, step], [2, 3]) },
    { name: 'generator/1', tensor: tf.scalar(-0.5) },
    { name: 'adam-generator/m/0', tensor: tf.tensor4d([0.25, 1e-30, -7, 3.5], [1, 1, 2, 2]) },
  ];
}

async function save(dir: string, step: number) {
  const tensors = state(step);
  try {
    return await writeCheckpoint(dir, meta(step), tensors);
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
}

describe('checkpoint files', () => {
  it('read back every tensor bit for bit, with the step, settings, randomness and optimizer counters', async () => {
    const dir = await runDir();
    const info = await save(dir, 40);
    const { manifest, tensors } = await readCheckpoint(dir, 40);
    try {
      expect(manifest).toMatchObject(meta(40));
      for (const { name, tensor } of state(40)) {
        const read = tensors.get(name);
        expect(read?.shape).toEqual(tensor.shape);
        expect(Array.from(read?.dataSync() ?? [])).toEqual(Array.from(tensor.dataSync()));
        tensor.dispose();
      }
    } finally {
      tf.dispose([...tensors.values()]);
    }
    // What the service lists is what was written: the folder's size, and no staging folder left.
    expect(await listCheckpoints(dir)).toEqual([
      { step: 40, bytes: info.bytes, createdAt: expect.any(Number) },
    ]);
    expect(await readdir(join(dir, 'checkpoints'))).toEqual(['40']);
  });

  it('refuse to write a state with NaN or ∞ in it, leaving nothing behind', async () => {
    const dir = await runDir();
    const bad = [
      { name: 'generator/0', tensor: tf.tensor1d([1, 2]) },
      { name: 'ema/3', tensor: tf.tensor1d([0, Number.POSITIVE_INFINITY]) },
    ];
    await expect(writeCheckpoint(dir, meta(5), bad)).rejects.toThrow(NonFiniteState);
    await expect(writeCheckpoint(dir, meta(5), bad)).rejects.toMatchObject({ tensorName: 'ema/3', step: 5 });
    tf.dispose(bad.map((t) => t.tensor));
    expect(await listCheckpoints(dir)).toEqual([]);
    expect(await readdir(join(dir, 'checkpoints')).catch(() => [])).toEqual([]);
  });

  it('find damage (a flipped byte, a short weights file, a broken or missing file) and say which step', async () => {
    const dir = await runDir();
    for (const step of [1, 2, 3, 4]) await save(dir, step);
    const file = (step: number, name: string) => join(checkpointFolder(dir, step), name);
    const flipped = await readFile(file(1, 'weights.bin'));
    flipped[5] = (flipped[5] ?? 0) ^ 0x01;
    await writeFile(file(1, 'weights.bin'), flipped);
    await writeFile(file(2, 'weights.bin'), (await readFile(file(2, 'weights.bin'))).subarray(0, 12));
    await writeFile(file(3, 'checkpoint.json'), '{"schemaVersion": 1, "step": 3');
    await rm(file(4, 'weights.bin'));

    await expect(readCheckpoint(dir, 1)).rejects.toThrow(
      /step 1 is damaged \(weights.bin does not match its checksum\)/,
    );
    await expect(readCheckpoint(dir, 2)).rejects.toThrow(/step 2 is damaged \(weights.bin does not match/);
    await expect(readCheckpoint(dir, 3)).rejects.toThrow(DamagedCheckpoint);
    await expect(readCheckpoint(dir, 4)).rejects.toThrow(/step 4 is damaged/);
  });

  it('skip damaged newer checkpoints to the newest whole one, reporting each, and ignore unfinished folders', async () => {
    const dir = await runDir();
    for (const step of [10, 20, 30]) await save(dir, step);
    await writeFile(join(checkpointFolder(dir, 30), 'weights.bin'), 'not weights');
    // A write killed before its rename: a hidden staging folder, never a checkpoint.
    await mkdir(join(dir, 'checkpoints', '.40.tmp-0badc0de'));
    await writeFile(join(dir, 'checkpoints', '.40.tmp-0badc0de', 'checkpoint.json'), '{}');

    const skipped: number[] = [];
    const loaded = await readNewestCheckpoint(dir, (problem) => skipped.push(problem.step));
    expect(loaded?.manifest.step).toBe(20);
    tf.dispose([...(loaded?.tensors.values() ?? [])]);
    expect(skipped).toEqual([30]);

    const older = await readNewestCheckpoint(dir, () => undefined, 15);
    expect(older?.manifest.step).toBe(10);
    tf.dispose([...(older?.tensors.values() ?? [])]);
  });

  it('keep the newest keepLast and every multiple of keepEvery, and never the newest one away', async () => {
    const dir = await runDir();
    for (let step = 0; step <= 1000; step += 100) await save(dir, step);
    const removed = await thinCheckpoints(dir, { keepLast: 3, keepEvery: 500 });
    expect(removed).toEqual([0, 100, 200, 300, 400, 600, 700]);
    expect((await listCheckpoints(dir)).map((c) => c.step)).toEqual([500, 800, 900, 1000]);

    await thinCheckpoints(dir, { keepLast: 1, keepEvery: 0 }, [800]);
    expect((await listCheckpoints(dir)).map((c) => c.step)).toEqual([800, 1000]);
    await thinCheckpoints(dir, { keepLast: 0, keepEvery: 0 });
    expect((await listCheckpoints(dir)).map((c) => c.step)).toEqual([1000]);
  });
});
