import type { CycleSettings, GanModel, PresetName, TrainingSettings } from './training.js';

/** Settings every preset shares: DCGAN's Adam(2e-4, beta1 0.5) (Radford et al., section 4). */
const common = {
  model: 'dcgan',
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

/**
 * CycleGAN presets (Zhu et al., section 4 and appendix 7): batch 1, Adam(2e-4, beta1 0.5), λ = 10,
 * identity 0.5·λ, a pool of 50, the learning rate constant for half the run then falling to zero.
 * Quick look is the lighter model for CPUs (a quarter of the filters).
 */
const cycleCommon = {
  ...common,
  model: 'cyclegan',
  latentDim: 2,
  batchSize: 1,
  emaDecay: 0,
  augment: { translation: false, cutout: false, colour: false },
} as const satisfies Partial<TrainingSettings>;

/** Zhu et al.'s CycleGAN settings (section 4 and appendix 7) with a number of residual blocks. */
export const cycleSettings = (residualBlocks: number): CycleSettings => ({
  residualBlocks,
  cycleWeight: 10,
  identityWeight: 0.5,
  poolSize: 50,
  decayFrom: 0.5,
  jitter: true,
});

export const cyclePresets: Record<PresetName, Preset> = {
  quick: {
    name: 'quick',
    label: 'Quick look',
    description: '64 px, a light model (16 filters): first translations within minutes on a laptop CPU.',
    settings: {
      ...cycleCommon,
      size: 64,
      width: 16,
      totalSteps: 3000,
      checkpointEvery: 250,
      sampleEvery: 50,
      keepEvery: 1000,
      cycle: cycleSettings(6),
    },
  },
  standard: {
    name: 'standard',
    label: 'Standard',
    description:
      '128 px, the paper’s model (64 filters, 6 residual blocks): for a CUDA GPU; a CPU takes days.',
    settings: {
      ...cycleCommon,
      size: 128,
      width: 64,
      totalSteps: 40_000,
      checkpointEvery: 1000,
      sampleEvery: 200,
      keepEvery: 10_000,
      cycle: cycleSettings(6),
    },
  },
  detailed: {
    name: 'detailed',
    label: 'Detailed',
    description: '256 px, the paper’s model with 9 residual blocks: needs a CUDA GPU.',
    settings: {
      ...cycleCommon,
      size: 256,
      width: 64,
      totalSteps: 100_000,
      checkpointEvery: 2000,
      sampleEvery: 500,
      keepEvery: 20_000,
      cycle: cycleSettings(9),
    },
  },
};

/** The presets of one kind of model. */
export function presetsFor(model: GanModel): Record<PresetName, Preset> {
  return model === 'cyclegan' ? cyclePresets : presets;
}

/** Settings that change the networks' shapes: a branch must keep them, or the weights no longer fit. */
export const architectureKeys = [
  'model',
  'size',
  'latentDim',
  'width',
] as const satisfies readonly (keyof TrainingSettings)[];
