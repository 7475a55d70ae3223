import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo, CycleSettings, TrainingSettings } from '../../contract/index.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { listCheckpoints, listSampleSteps, readMetrics, runFolder, samplePath } from '../run-files.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import type { TrainTask } from '../trainer-protocol.js';
import { readCheckpoint } from './checkpoint-files.js';
import { splitHeldOut } from './cyclegan-run.js';
import type { LoadImages } from './gan-model.js';
import { trainCyclegan } from './train-cyclegan.js';

let backend: BackendInfo;
beforeAll(async () => {
  // wasm: a 64 px CycleGAN is too slow on the cpu backend even with 4 filters.
  backend = (await loadBackend({ setting: 'wasm', env: {} })).info;
});

const tinyCycle: CycleSettings = {
  residualBlocks: 1,
  cycleWeight: 10,
  identityWeight: 0.5,
  poolSize: 4,
  decayFrom: 0.5,
  jitter: true,
};

const tiny: TrainingSettings = {
  model: 'cyclegan',
  size: 64,
  latentDim: 8,
  width: 4,
  batchSize: 1,
  generatorLearningRate: 2e-4,
  discriminatorLearningRate: 2e-4,
  beta1: 0.5,
  discriminatorSteps: 1,
  realLabel: 1,
  augment: { translation: false, cutout: false, colour: false },
  emaDecay: 0,
  seed: 5,
  totalSteps: 6,
  checkpointEvery: 3,
  sampleEvery: 3,
  keepLast: 2,
  keepEvery: 0,
  cycle: tinyCycle,
};

/** Eight 64 px images per domain: red squares (A) and blue discs (B) at different places. */
function domainImages(domain: string) {
  const size = 64;
  const count = 8;
  const out = new Uint8Array(count * size * size * 3).fill(200);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const cx = 16 + n * 4;
        const inside =
          domain === 'A'
            ? Math.abs(x - cx) < 10 && Math.abs(y - 32) < 10
            : (x - cx) ** 2 + (y - 32) ** 2 < 100;
        if (inside) out.set(domain === 'A' ? [220, 30, 30] : [30, 30, 220], ((n * size + y) * size + x) * 3);
      }
  return { images: out, count, size, ids: [] };
}

const loadImages: LoadImages = async (_task, domain) => domainImages(domain);

async function setUp(settings: Partial<TrainingSettings> = {}) {
  const projectRoot = await mkdtemp(join(tmpdir(), 'ganvas-cycle-'));
  const task: TrainTask = {
    kind: 'train',
    projectRoot,
    runId: 'run1',
    datasetId: 'd1',
    domain: 'A',
    settings: { ...tiny, ...settings },
    resumeFrom: null,
  };
  return { task, runDir: runFolder(projectRoot, 'run1') };
}

const context = (controller = new AbortController()) => inProcessContext(backend, controller, 'stepping');

describe('splitHeldOut', () => {
  it('holds three images back once a domain has eighteen, and otherwise shows training images', () => {
    const pixels = 2 * 2 * 3;
    const images = new Uint8Array(20 * pixels).map((_, i) => Math.floor(i / pixels));
    const many = splitHeldOut(images, 20, 2);
    expect([many.trainCount, many.heldOutCount]).toEqual([17, 3]);
    expect([...many.heldOut.filter((_, i) => i % pixels === 0)]).toEqual([17, 18, 19]);
    const few = splitHeldOut(images.subarray(0, 5 * pixels), 5, 2);
    expect([few.trainCount, few.heldOutCount]).toEqual([5, 3]);
  });
});

describe('trainCyclegan', () => {
  it('trains to the last step with the six losses, real → translated → reconstructed rows and checkpoints, leaking nothing', async () => {
    const { task, runDir } = await setUp();
    const before = tf.memory().numTensors;
    const { ctx, events } = context();
    const result = await trainCyclegan(task, ctx, { loadImages });
    expect(result).toMatchObject({ step: 6, finished: true });
    expect(tf.memory().numTensors).toBe(before);

    const curve = await readMetrics(runDir);
    expect(curve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const point of curve) {
      expect(Object.keys(point.losses ?? {}).sort()).toEqual(
        ['D_A', 'D_B', 'G_AB', 'G_BA', 'cycle', 'identity'].sort(),
      );
      expect(Object.values(point.losses ?? {}).every(Number.isFinite)).toBe(true);
    }
    expect(await listSampleSteps(runDir)).toEqual([0, 3, 6]);
    // Three shown images per domain, three columns (real, translated, reconstructed).
    const meta = await sharp(samplePath(runDir, 6)).metadata();
    expect((meta.height ?? 0) / (meta.width ?? 1)).toBeCloseTo(6 / 3, 1);
    expect((await listCheckpoints(runDir)).map((c) => c.step)).toEqual([3, 6]);

    const { manifest, tensors } = await readCheckpoint(runDir, 6);
    const names = [...tensors.keys()];
    for (const part of ['generator-ab', 'generator-ba', 'discriminator-a', 'discriminator-b'])
      expect(names.some((name) => name.startsWith(`${part}/`))).toBe(true);
    // Six steps of batch 1: the pools hold the four images they can keep.
    expect(tensors.get('pool-a')?.shape).toEqual([4, 64, 64, 3]);
    expect(manifest.random.cursorB).toBeDefined();
    tf.dispose([...tensors.values()]);
    expect(events.some((e) => e.type === 'sample')).toBe(true);
  });

  it('resumes from a checkpoint, pools and both data cursors included, to a bit-identical next step', async () => {
    const straight = await setUp({ totalSteps: 5, checkpointEvery: 4 });
    await trainCyclegan(straight.task, context().ctx, { loadImages });
    // The same run cancelled after step 4 (the cancel saves a checkpoint), then resumed to 5.
    const resumed = await setUp({ totalSteps: 5, checkpointEvery: 4 });
    const stopping = context();
    await expect(
      trainCyclegan(resumed.task, stopping.ctx, {
        loadImages,
        beforeStep: (run) => {
          if (run.step === 4) stopping.controller.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect((await listCheckpoints(resumed.runDir)).map((c) => c.step)).toContain(4);
    await trainCyclegan({ ...resumed.task, resumeFrom: 'latest' }, context().ctx, { loadImages });

    const a = await readMetrics(straight.runDir);
    const b = await readMetrics(resumed.runDir);
    expect(b.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(b[4]).toEqual(a[4]);
    const weightsOf = (dir: string) =>
      readCheckpoint(dir, 5).then(({ manifest, tensors }) => {
        tf.dispose([...tensors.values()]);
        return manifest.sha256;
      });
    expect(await weightsOf(resumed.runDir)).toBe(await weightsOf(straight.runDir));
  });

  it('refuses to resume with a different number of residual blocks', async () => {
    const { task } = await setUp({ totalSteps: 3 });
    await trainCyclegan(task, context().ctx, { loadImages });
    await expect(
      trainCyclegan(
        {
          ...task,
          settings: { ...task.settings, totalSteps: 4, cycle: { ...tinyCycle, residualBlocks: 2 } },
          resumeFrom: 'latest',
        },
        context().ctx,
        { loadImages },
      ),
    ).rejects.toThrow(/different number of residual blocks/);
  });
});
