import { cyclePresets, cycleSettings, presets, type DatasetSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import {
  branchSettings,
  changedSettings,
  datasetProblem,
  firstFittingPreset,
  modelSizesFor,
  settingGroups,
  settingGroupsFor,
  settingProblems,
  trainableImages,
} from './training-form.js';

const dataset = (extra: Partial<DatasetSummary>): DatasetSummary => ({
  id: 'd1',
  name: 'Moths',
  kind: 'single',
  createdAt: 1,
  resolution: 64,
  fit: 'crop',
  background: '#ffffff',
  storage: 'copy',
  counts: { main: { images: 120, excluded: 20, duplicates: 0, rejected: 0 } },
  ...extra,
});

describe('trainableImages', () => {
  it('counts the images not left out, in domain A for a CycleGAN pair', () => {
    expect(trainableImages(dataset({}))).toBe(100);
    const paired = dataset({
      kind: 'paired',
      counts: {
        A: { images: 30, excluded: 1, duplicates: 0, rejected: 0 },
        B: { images: 500, excluded: 0, duplicates: 0, rejected: 0 },
      },
    });
    expect(trainableImages(paired)).toBe(29);
  });
});

describe('CycleGAN in the form', () => {
  const paired = (a: number, b: number) =>
    dataset({
      kind: 'paired',
      counts: {
        A: { images: a, excluded: 0, duplicates: 0, rejected: 0 },
        B: { images: b, excluded: 0, duplicates: 0, rejected: 0 },
      },
    });

  it('needs two folders with two images each, and counts the smaller domain', () => {
    expect(datasetProblem(dataset({}), 64, 'cyclegan')).toMatch(
      /has one\. Make a dataset with domains A and B/,
    );
    expect(datasetProblem(paired(30, 1), 64, 'cyclegan')).toMatch(/Domain B of “Moths” has one image/);
    expect(datasetProblem(paired(30, 12), 64, 'cyclegan')).toBeNull();
    expect(trainableImages(paired(30, 12), 'cyclegan')).toBe(12);
    expect(trainableImages(dataset({}), 'cyclegan')).toBe(0);
  });

  it('offers its own sizes and settings, without the latent or the EMA', () => {
    expect(modelSizesFor('cyclegan')).toEqual([64, 128, 256]);
    const keys = settingGroupsFor('cyclegan').flatMap((group) => group.fields.map((field) => field.key));
    expect(keys).not.toContain('latentDim');
    expect(keys).not.toContain('emaDecay');
    expect(keys).toContain('width');
    expect(
      settingProblems({ ...cyclePresets.quick.settings, cycle: { ...cycleSettings(6), residualBlocks: 0 } }),
    ).toEqual({
      residualBlocks: 'At least 1.',
    });
  });
});

describe('datasetProblem', () => {
  it('refuses what the service would: too few images, or a cache smaller than the model', () => {
    expect(datasetProblem(dataset({}), 64)).toBeNull();
    expect(datasetProblem(dataset({}), 128)).toMatch(/64 px, smaller than this 128 px model/);
    expect(
      datasetProblem(
        dataset({ counts: { main: { images: 1, excluded: 0, duplicates: 0, rejected: 0 } } }),
        32,
      ),
    ).toMatch(/one image/);
    expect(datasetProblem(undefined, 32)).toMatch(/Import/);
  });

  it('starts the form on the first preset the dataset can feed', () => {
    const list = [presets.detailed, presets.standard, presets.quick];
    expect(firstFittingPreset(list, dataset({}))?.name).toBe('standard');
    expect(firstFittingPreset(list, dataset({ resolution: 128 }))?.name).toBe('detailed');
    expect(firstFittingPreset(list, dataset({ resolution: 32 }))?.name).toBe('quick');
    const empty = dataset({ counts: { main: { images: 0, excluded: 0, duplicates: 0, rejected: 0 } } });
    expect(firstFittingPreset(list, empty)).toBeNull();
  });
});

describe('changedSettings', () => {
  it('sends only what differs from the starting settings', () => {
    const start = presets.quick.settings;
    const changed = changedSettings(start, {
      totalSteps: 40,
      batchSize: start.batchSize,
      augment: { ...start.augment },
      sampleEvery: 10,
    });
    expect(changed).toEqual({ totalSteps: 40, sampleEvery: 10 });
    expect(changedSettings(start, { augment: { ...start.augment, cutout: false } })).toEqual({
      augment: { ...start.augment, cutout: false },
    });
  });
});

describe('settingProblems', () => {
  it('names each field outside the contract’s limits in plain words', () => {
    const problems = settingProblems({
      ...presets.quick.settings,
      batchSize: 2.5,
      generatorLearningRate: 0,
      beta1: 2,
      totalSteps: 0,
    });
    expect(problems).toEqual({
      batchSize: 'A whole number.',
      generatorLearningRate: 'More than 0.',
      beta1: 'At most 0.999.',
      totalSteps: 'At least 1.',
    });
    expect(settingProblems(presets.standard.settings)).toEqual({});
  });
});

describe('settingGroups', () => {
  it('offers every numeric setting but the image size (a choice of three) exactly once', () => {
    const keys = settingGroups.flatMap((group) => group.fields.map((field) => field.key));
    const numeric = Object.entries(presets.quick.settings)
      .filter(([key, value]) => typeof value === 'number' && key !== 'size')
      .map(([key]) => key);
    expect([...keys].sort()).toEqual([...numeric].sort());
  });
});

describe('branchSettings', () => {
  it('keeps the parent’s settings, with a last step after the branch point', () => {
    const parent = { ...presets.quick.settings, totalSteps: 200 };
    expect(branchSettings(parent, 100)).toBe(parent);
    expect(branchSettings(parent, 200)).toEqual({ ...parent, totalSteps: 400 });
  });
});
