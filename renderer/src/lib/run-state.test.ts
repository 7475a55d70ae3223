import { presets, type RunSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { awaitsResume, runAction, secondsLeft, warningTitle } from './run-state.js';

const run = (extra: Partial<RunSummary>): RunSummary => ({
  id: 'r1',
  name: 'Run',
  datasetId: 'd1',
  preset: 'quick',
  settings: { ...presets.quick.settings, totalSteps: 100, batchSize: 10 },
  state: 'paused',
  stateReason: null,
  step: 0,
  seconds: 0,
  checkpoints: [],
  checkpointBytes: 0,
  sampleSteps: [],
  parent: null,
  warnings: [],
  createdAt: 1,
  jobId: null,
  backend: 'wasm',
  ...extra,
});

const checkpoint = (step: number) => ({ step, bytes: 10, createdAt: 1 });

describe('runAction', () => {
  it('offers pause and stop while the run trains or is about to', () => {
    expect(runAction(run({ state: 'running' }))).toEqual({ kind: 'halt' });
    expect(runAction(run({ state: 'queued' }))).toEqual({ kind: 'halt' });
  });

  it('resumes from the newest checkpoint, not from the newest step', () => {
    const paused = run({ state: 'interrupted', step: 57, checkpoints: [checkpoint(20), checkpoint(40)] });
    expect(runAction(paused)).toEqual({ kind: 'resume', fromStep: 40 });
    expect(awaitsResume(paused)).toBe(true);
  });

  it('asks for more steps once the newest checkpoint is the last step', () => {
    const finished = run({ state: 'finished', step: 100, checkpoints: [checkpoint(100)] });
    expect(runAction(finished)).toEqual({ kind: 'extend', fromStep: 100 });
    expect(awaitsResume(finished)).toBe(false);
  });

  it('has nothing to go on from before the first checkpoint', () => {
    const failed = run({ state: 'failed', step: 5 });
    expect(runAction(failed)).toEqual({ kind: 'none' });
    expect(awaitsResume(failed)).toBe(false);
  });
});

describe('secondsLeft', () => {
  it('is the images still to see over the current speed, only while training', () => {
    // 60 steps left × batch 10 = 600 images at 50 images/s.
    expect(secondsLeft(run({ state: 'running', step: 40 }), 50)).toBe(12);
    expect(secondsLeft(run({ state: 'paused', step: 40 }), 50)).toBeNull();
    expect(secondsLeft(run({ state: 'running', step: 40 }), 0)).toBeNull();
    expect(secondsLeft(run({ state: 'running', step: 40 }), undefined)).toBeNull();
  });
});

describe('warningTitle', () => {
  it('names each kind of trouble in plain words', () => {
    const titles = (
      ['discriminator-wins', 'mode-collapse', 'oscillation', 'rolled-back', 'small-dataset'] as const
    ).map((code) => warningTitle({ code, message: '', step: 1 }));
    expect(new Set(titles).size).toBe(5);
    expect(titles[1]).toMatch(/alike/);
  });
});
