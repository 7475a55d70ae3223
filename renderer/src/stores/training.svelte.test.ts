import { presets, type MetricPoint, type Project, type RunSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { appendCurve, mergeCurve, mergeRun, TrainingStore } from './training.svelte.js';
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

describe('TrainingStore while a run trains', () => {
  it('keeps the points streamed while the curve was being read', async () => {
    let answer: (points: MetricPoint[]) => void = () => undefined;
    const { api, store } = setUp([run('a')]);
    api.handle('runs:metrics', () => new Promise<MetricPoint[]>((resolve) => (answer = resolve)));
    store.setProject(project);
    await settle();
    // The service read steps 1–2; steps 3–4 were streamed before its answer arrived.
    api.emit('runs:event', { type: 'metrics', projectId: 'p1', runId: 'a', points: [point(2), point(3)] });
    api.emit('runs:event', { type: 'metrics', projectId: 'p1', runId: 'a', points: [point(4)] });
    answer([point(1), point(2)]);
    await settle();
    expect(store.curve.map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('asks for the run again after a checkpoint (retention may drop old ones) without losing newer steps', async () => {
    const { api, store } = setUp([
      run('a', { step: 20, checkpoints: [{ step: 10, bytes: 5, createdAt: 1 }] }),
    ]);
    // Retention removed step 10 by the time the run is read; the read is older than the stream.
    api.handle('runs:get', () =>
      run('a', { step: 20, checkpoints: [{ step: 20, bytes: 7, createdAt: 2 }], checkpointBytes: 7 }),
    );
    store.setProject(project);
    await settle();
    await settle();
    api.emit('runs:event', {
      type: 'checkpoint',
      projectId: 'p1',
      runId: 'a',
      checkpoint: { step: 20, bytes: 7, createdAt: 2 },
    });
    expect(store.selected?.checkpoints.map((c) => c.step)).toEqual([10, 20]);
    api.emit('runs:event', { type: 'metrics', projectId: 'p1', runId: 'a', points: [point(23)] });
    await settle();
    expect(api.callsOf('runs:get')).toEqual([{ projectId: 'p1', runId: 'a' }]);
    expect(store.selected).toMatchObject({ step: 23, checkpoints: [{ step: 20 }], checkpointBytes: 7 });
  });

  it('takes a changed run whole, even when its step went back (resumed from a checkpoint)', async () => {
    const { api, store } = setUp([run('a', { step: 57 })]);
    store.setProject(project);
    await settle();
    api.emit('runs:event', {
      type: 'changed',
      projectId: 'p1',
      run: run('a', { step: 40, state: 'running' }),
    });
    expect(store.selected?.step).toBe(40);
  });

  it('shows a warning once, however often it is told', async () => {
    const { api, store } = setUp([run('a')]);
    store.setProject(project);
    await settle();
    const warning = { code: 'mode-collapse', message: 'Samples look alike', step: 30 } as const;
    api.emit('runs:event', { type: 'warning', projectId: 'p1', runId: 'a', warning });
    api.emit('runs:event', { type: 'warning', projectId: 'p1', runId: 'a', warning });
    expect(store.selected?.warnings).toEqual([warning]);
  });

  it('branches from a checkpoint of the selected run and shows the new run', async () => {
    const { api, store } = setUp([run('a')]);
    api.handle('training:branch', () => ({
      run: run('b', { parent: { runId: 'a', step: 20 } }),
      jobId: 'j3',
    }));
    store.setProject(project);
    await settle();
    expect(await store.branch(20, { discriminatorLearningRate: 1e-4 }, 'Slower D')).toBe(true);
    expect(api.callsOf('training:branch')).toEqual([
      {
        projectId: 'p1',
        runId: 'a',
        step: 20,
        settings: { discriminatorLearningRate: 1e-4 },
        name: 'Slower D',
      },
    ]);
    expect(store.selectedId).toBe('b');
    expect(store.runs.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('deletes a run with confirmation and selects another', async () => {
    const { api, store } = setUp([run('a'), run('b')]);
    api.handle('runs:delete', () => ({ deleted: true, trashed: true }));
    store.setProject(project);
    await settle();
    expect(await store.remove('a')).toBe(true);
    expect(api.callsOf('runs:delete')).toEqual([{ projectId: 'p1', runId: 'a', confirm: true }]);
    expect(store.runs.map((r) => r.id)).toEqual(['b']);
    expect(store.selectedId).toBe('b');
  });
});

describe('mergeCurve and mergeRun', () => {
  it('appends only streamed points newer than the read curve', () => {
    expect(mergeCurve([point(1), point(2)], [point(1), point(3)]).map((p) => p.step)).toEqual([1, 2, 3]);
    expect(mergeCurve([point(1), point(5)], [point(3)]).map((p) => p.step)).toEqual([1, 5]);
  });

  it('keeps progress the events told when a read run is older', () => {
    const known = run('a', { step: 30, seconds: 9, sampleSteps: [10, 20, 30] });
    const fresh = run('a', { step: 20, seconds: 6, sampleSteps: [10, 20], checkpointBytes: 3 });
    expect(mergeRun(known, fresh)).toMatchObject({
      step: 30,
      seconds: 9,
      sampleSteps: [10, 20, 30],
      checkpointBytes: 3,
    });
    expect(mergeRun(fresh, known)).toBe(known);
  });
});

describe('appendCurve', () => {
  it('continues a resumed run’s curve without duplicate steps', () => {
    const curve = [point(1), point(2), point(3)];
    expect(appendCurve(curve, [point(3), point(4)]).map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(appendCurve(curve, [point(2)]).map((p) => p.step)).toEqual([1, 2]);
  });
});
