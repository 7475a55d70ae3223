import { describe, expect, it } from 'vitest';
import {
  type AdviceSettings,
  discriminatorWinsMessage,
  modeCollapseMessage,
  oscillationMessage,
} from './health-messages.js';

const preset: AdviceSettings = {
  augment: { translation: true, cutout: true, colour: true },
  generatorLearningRate: 2e-4,
  discriminatorLearningRate: 2e-4,
  discriminatorSteps: 1,
  realLabel: 1,
  emaDecay: 0.999,
};
const winning = { dReal: 0.934, dFake: 0.012, steps: 300, sinceStep: 1200 };

describe('discriminatorWinsMessage', () => {
  it('states the scores and the step to branch from', () => {
    const message = discriminatorWinsMessage(winning);
    expect(message).toContain('0.93');
    expect(message).toContain('0.01');
    expect(message).toContain('last 300 steps');
    expect(message).toContain('before step 1200');
  });

  it('gives every remedy when the settings are unknown', () => {
    const message = discriminatorWinsMessage(winning);
    expect(message).toMatch(/turn augmentation on/);
    expect(message).toMatch(/label smoothing/);
    expect(message).toMatch(/learning rate.*e\.g\. to half/);
  });

  it('names concrete values and skips what the run already does', () => {
    const message = discriminatorWinsMessage(winning, { ...preset, realLabel: 0.9 });
    expect(message).toContain('from 0.0002 to 0.0001');
    expect(message).not.toMatch(/turn augmentation on/);
    expect(message).not.toMatch(/label smoothing/);
    expect(message).not.toMatch(/once per generator step/);
    const heavy = discriminatorWinsMessage(winning, {
      ...preset,
      discriminatorSteps: 3,
      augment: { ...preset.augment, cutout: false },
    });
    expect(heavy).toMatch(/once per generator step instead of 3 times/);
    expect(heavy).toMatch(/turn augmentation on/);
    expect(heavy).toMatch(/label smoothing/);
  });
});

describe('oscillationMessage', () => {
  it('describes the swing and suggests halving both learning rates', () => {
    const message = oscillationMessage(
      { level: 2.04, amplitude: 0.91, steps: 1500 },
      { ...preset, generatorLearningRate: 3e-4 },
    );
    expect(message).toContain('±0.91 around 2.04');
    expect(message).toContain('generator’s from 0.0003 to 0.00015');
    expect(message).toContain('judge’s from 0.0002 to 0.0001');
    expect(message).toMatch(/running average of the generator \(EMA\)/);
  });

  it('suggests the averaged generator when it is off', () => {
    expect(oscillationMessage({ level: 2, amplitude: 1, steps: 1500 }, { ...preset, emaDecay: 0 })).toMatch(
      /turn on the averaged generator \(EMA\)/,
    );
  });
});

describe('modeCollapseMessage', () => {
  it('gives the variety left and the last varied step', () => {
    const message = modeCollapseMessage({ ratio: 0.123, variedStep: 1800 }, preset);
    expect(message).toContain('only 12% as different');
    expect(message).toContain('at or before step 1800');
    expect(message).toMatch(/mode collapse/);
    expect(message).not.toMatch(/augmentation on/);
  });

  it('falls back to an earlier checkpoint and suggests augmentation when unknown', () => {
    const message = modeCollapseMessage({ ratio: 0.2, variedStep: null });
    expect(message).toContain('an earlier checkpoint');
    expect(message).toMatch(/augmentation on and lower learning rates/);
  });
});
