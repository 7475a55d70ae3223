import { presets, type MetricPoint, type Project, type RunSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { appendCurve, TrainingStore } from './training.svelte.js';
import { FakeApi } from './test-support/fake-api.js';

const project: Project = {
  id: 'p1',
  name: 'Moths',
  path: '/m.ganvas',
  schemaVersion: 1,
  createdAt: 1,
  isSample: false,
  datasets: [],
  issues: [],
};

const run = (id: string, extra: Partial<RunSummary> = {}): RunSummary => ({
  id,
  name: `Run ${id}`,
  datasetId: 'd1',
  preset: 'quick',
  settings: presets.quick.settings,
  state: 'running',
  stateReason: null,
  step: 0,
  seconds: 0,
  checkpoints: [],
  checkpointBytes: 0,
  sampleSteps: [],
  parent: null,
  warnings: [],
  createdAt: 1,
  jobId: 'j1',
  backend: 'wasm',
  ...extra,
});

const point = (step: number): MetricPoint => ({
  step,
  seconds: step,
  dLoss: 1,
  gLoss: 2,
  dReal: 0.6,
  dFake: 0.4,
  imagesPerSecond: 50,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(runs: RunSummary[]) {
  const api = new FakeApi()
    .handle('runs:list', () => runs)
    .handle('runs:metrics', () => [point(1), point(2)])
    .handle('training:start', () => ({ run: run('new', { step: 0 }), jobId: 'j2' }))
    .handle('training:pause', () => run('a', { state: 'paused', step: 2 }));
  const store = new TrainingStore(api);
  return { api, store };
}

describe('TrainingStore', () => {
  it('lists the project’s runs, selects the newest and loads its curve', async () => {
    const { store } = setUp([run('a'), run('b')]);
    store.setProject(project);
    await settle();
    await settle();
    expect(store.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(store.selectedId).toBe('a');
    expect(store.curve.map((p) => p.step)).toEqual([1, 2]);
  });

  it('keeps the selected run live from runs:event', async () => {
    const { api, store } = setUp([run('a')]);
    store.setProject(project);
    await settle();
    await settle();
    api.emit('runs:event', { type: 'metrics', projectId: 'p1', runId: 'a', points: [point(3)] });
    api.emit('runs:event', { type: 'sample', projectId: 'p1', runId: 'a', step: 3 });
    api.emit('runs:event', {
      type: 'warning',
      projectId: 'p1',
      runId: 'a',
      warning: { code: 'discriminator-wins', message: 'D wins', step: 3 },
    });
    // Another project's events change nothing.
    api.emit('runs:event', { type: 'metrics', projectId: 'other', runId: 'a', points: [point(9)] });
    expect(store.curve.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(store.selected).toMatchObject({
      step: 3,
      sampleSteps: [3],
      warnings: [{ code: 'discriminator-wins' }],
    });
  });

  it('starts a run and shows it; pausing takes the run the service answers with', async () => {
    const { api, store } = setUp([run('a')]);
    store.setProject(project);
    await settle();
    expect(await store.start({ datasetId: 'd1', preset: 'quick', settings: { totalSteps: 40 } })).toBe(true);
    expect(api.callsOf('training:start')).toEqual([
      { projectId: 'p1', datasetId: 'd1', preset: 'quick', settings: { totalSteps: 40 } },
    ]);
    expect(store.selectedId).toBe('new');
    store.select('a');
    expect(await store.pause()).toBe(true);
    expect(store.selected).toMatchObject({ state: 'paused', step: 2 });
  });

  it('says what went wrong when a call is refused', async () => {
    const { api, store } = setUp([]);
    api.handle('training:start', () => {
      throw new Error('The dataset has no images');
    });
    store.setProject(project);
    expect(await store.start({ datasetId: 'd1', preset: 'quick', settings: {} })).toBe(false);
    expect(store.error).toMatch(/no images/);
  });
});

describe('appendCurve', () => {
  it('continues a resumed run’s curve without duplicate steps', () => {
    const curve = [point(1), point(2), point(3)];
    expect(appendCurve(curve, [point(3), point(4)]).map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(appendCurve(curve, [point(2)]).map((p) => p.step)).toEqual([1, 2]);
  });
});
