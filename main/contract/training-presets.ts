import type { PresetName, TrainingSettings } from './training.js';

/** Settings every preset shares: DCGAN's Adam(2e-4, beta1 0.5) (Radford et al., section 4). */
const common = {
  generatorLearningRate: 2e-4,
  discriminatorLearningRate: 2e-4,
  beta1: 0.5,
  discriminatorSteps: 1,
  realLabel: 1,
  // Artists' datasets are small (a few hundred images): augment by default (Zhao et al., 2020).
  augment: { translation: true, cutout: true, colour: true },
  emaDecay: 0.999,
  seed: 1,
  keepLast: 3,
} as const satisfies Partial<TrainingSettings>;

export interface Preset {
  name: PresetName;
  label: string;
  description: string;
  settings: TrainingSettings;
}

export const presets: Record<PresetName, Preset> = {
  quick: {
    name: 'quick',
    label: 'Quick look',
    description: '32 px, a small model: first shapes within minutes on a laptop CPU.',
    settings: {
      ...common,
      size: 32,
      latentDim: 64,
      width: 32,
      batchSize: 32,
      totalSteps: 3000,
      checkpointEvery: 250,
      sampleEvery: 50,
      keepEvery: 1000,
    },
  },
  standard: {
    name: 'standard',
    label: 'Standard',
    description: '64 px, the DCGAN paper’s model: an hour or more on a CPU, minutes on a GPU.',
    settings: {
      ...common,
      size: 64,
      latentDim: 100,
      width: 64,
      batchSize: 64,
      totalSteps: 20_000,
      checkpointEvery: 500,
      sampleEvery: 200,
      keepEvery: 5000,
    },
  },
  detailed: {
    name: 'detailed',
    label: 'Detailed',
    description: '128 px: needs a CUDA GPU to finish in a day.',
    settings: {
      ...common,
      size: 128,
      latentDim: 128,
      width: 64,
      batchSize: 32,
      totalSteps: 50_000,
      checkpointEvery: 1000,
      sampleEvery: 500,
      keepEvery: 10_000,
    },
  },
};

/** Settings that change the networks' shapes: a branch must keep them, or the weights no longer fit. */
export const architectureKeys = [
  'size',
  'latentDim',
  'width',
] as const satisfies readonly (keyof TrainingSettings)[];
