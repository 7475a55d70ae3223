import type { CheckpointEvaluation, JobSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { EvaluationStore } from './evaluation.svelte.js';
import { JobsStore } from './jobs.svelte.js';
import { FakeApi } from './test-support/fake-api.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const checkpoint = (step: number): CheckpointEvaluation => ({
  step,
  evaluatedAt: 1,
  subject: 'samples',
  features: { id: 'mobilenet-v2', label: 'MobileNetV2 features' },
  sampleCount: 64,
  realCount: 64,
  twoSample: { accuracy: 0.6, low: 0.5, high: 0.7, testCount: 64, pValue: 0.1 },
  frechetDistance: 10,
  kernelDistance: 0.1,
  diversity: {
    generatedMeanDistance: 1,
    realMeanDistance: 1,
    ratio: 1,
    generatedDirections: 10,
    realDirections: 10,
    generatedSpectrum: [],
    realSpectrum: [],
    support: { batchSize: null, support: 4096, atLeast: true },
  },
  memorisation: {
    copyThreshold: 0.1,
    copyCount: 0,
    medianRatio: 1,
    generatedToTrain: [],
    realToTrain: [],
    pairs: [],
  },
  verdict: 'Close.',
  warnings: [],
});

const job = (id: string, state: JobSummary['state']): JobSummary => ({
  id,
  kind: 'runs:evaluate',
  title: 'Evaluating',
  state,
  progress: null,
  error: null,
  startedAt: 1,
  endedAt: null,
});

function setUp() {
  let saved: CheckpointEvaluation[] = [];
  const api = new FakeApi()
    .handle('runs:evaluation', ({ runId }) => ({
      schemaVersion: 1,
      runId,
      checkpoints: saved,
      problem: null,
    }))
    .handle('runs:evaluate', () => ({ jobId: 'e1', steps: [100] }))
    .handle('jobs:cancel', ({ jobId }) => job(jobId, 'running'));
  const jobs = new JobsStore(api);
  const store = new EvaluationStore(api, jobs);
  return { api, store, save: (c: CheckpointEvaluation[]) => (saved = c) };
}

describe('EvaluationStore', () => {
  it('loads the run’s evaluations when a run is shown', async () => {
    const { store, save } = setUp();
    save([checkpoint(50), checkpoint(100)]);
    store.show('p', 'r1');
    await settle();
    expect(store.checkpoints.map((c) => c.step)).toEqual([50, 100]);
    expect(store.newest?.step).toBe(100);
  });

  it('starts a job, is busy while it runs, and reloads when it ends', async () => {
    const { api, store, save } = setUp();
    store.show('p', 'r1');
    await settle();
    await store.evaluate('all', 128);
    expect(api.callsOf('runs:evaluate')).toEqual([
      { projectId: 'p', runId: 'r1', checkpoint: 'all', count: 128 },
    ]);
    api.emit('jobs:event', { type: 'started', job: job('e1', 'running') });
    expect(store.running).toBe(true);
    save([checkpoint(100)]);
    api.emit('jobs:event', { type: 'done', jobId: 'e1', result: {} });
    await settle();
    expect(store.running).toBe(false);
    expect(store.checkpoints.map((c) => c.step)).toEqual([100]);
  });

  it('shows a failed job’s reason and keeps what was saved', async () => {
    const { api, store } = setUp();
    store.show('p', 'r1');
    await store.evaluate('newest');
    api.emit('jobs:event', { type: 'started', job: job('e1', 'running') });
    api.emit('jobs:event', { type: 'failed', jobId: 'e1', error: 'No checkpoint.' });
    expect(store.error).toBe('No checkpoint.');
  });

  it('says why a start was refused', async () => {
    const { api, store } = setUp();
    api.fail('runs:evaluate', 'conflict', 'This run has no checkpoint yet: train it for a while first.');
    store.show('p', 'r1');
    await store.evaluate('newest');
    expect(store.error).toMatch(/no checkpoint yet/);
    expect(store.running).toBe(false);
  });
});
