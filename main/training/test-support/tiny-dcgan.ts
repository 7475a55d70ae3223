import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presets, type BackendInfo, type TrainingSettings } from '../../contract/index.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { trainDcgan } from '../gan/train-dcgan.js';
import { inProcessContext } from './in-process-context.js';

/** 32-px RGB training images, `count` of them, as the task tests feed a tiny run. */
export interface TinyImages {
  images: Uint8Array;
  count: number;
}

/**
 * On the cpu backend, trains a DCGAN small enough for unit tests (32 px, 4 filters, latent 8,
 * batch 4, two steps with a checkpoint at step 2 unless `settings` say otherwise) as run 'r' of a
 * new temporary project, for the tasks that read its checkpoints (sample, render, export, evaluate).
 */
export async function trainTinyDcgan(
  prefix: string,
  { images, count }: TinyImages,
  settings: Partial<TrainingSettings> = {},
): Promise<{ backend: BackendInfo; projectRoot: string }> {
  const backend = (await loadBackend({ setting: 'cpu', env: {} })).info;
  const projectRoot = await mkdtemp(join(tmpdir(), prefix));
  await trainDcgan(
    {
      kind: 'train',
      projectRoot,
      runId: 'r',
      datasetId: 'd',
      domain: 'main',
      settings: {
        ...presets.quick.settings,
        width: 4,
        latentDim: 8,
        batchSize: 4,
        totalSteps: 2,
        checkpointEvery: 2,
        ...settings,
      },
      resumeFrom: null,
    },
    inProcessContext(backend).ctx,
    { loadImages: async () => ({ images, count, size: 32, ids: [] }) },
  );
  return { backend, projectRoot };
}
