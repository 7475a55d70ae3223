import { cycleSettings, type BackendInfo, type TrainingSettings } from '../../contract/index.js';
import type { TrainingImages } from '../../datasets/training-cache.js';
import { trainCyclegan } from '../gan/train-cyclegan.js';
import { inProcessContext } from './in-process-context.js';

/** A CycleGAN small enough for unit tests: 64 px, 4 filters, one residual block, two steps. */
export const tinyCycleganSettings: TrainingSettings = {
  model: 'cyclegan',
  size: 64,
  latentDim: 2,
  width: 4,
  batchSize: 1,
  generatorLearningRate: 2e-4,
  discriminatorLearningRate: 2e-4,
  beta1: 0.5,
  discriminatorSteps: 1,
  realLabel: 1,
  augment: { translation: false, cutout: false, colour: false },
  emaDecay: 0,
  seed: 9,
  totalSteps: 2,
  checkpointEvery: 2,
  sampleEvery: 2,
  keepLast: 2,
  keepEvery: 0,
  cycle: { ...cycleSettings(1), poolSize: 2 },
};

/** Trains the tiny CycleGAN as run `runId` of a project, on the given images of each domain. */
export async function trainTinyCyclegan(
  backend: BackendInfo,
  projectRoot: string,
  runId: string,
  imagesOf: (domain: string) => TrainingImages,
): Promise<void> {
  await trainCyclegan(
    {
      kind: 'train',
      projectRoot,
      runId,
      datasetId: 'd',
      domain: 'A',
      settings: tinyCycleganSettings,
      resumeFrom: null,
    },
    inProcessContext(backend).ctx,
    { loadImages: async (_task, domain) => imagesOf(domain) },
  );
}
