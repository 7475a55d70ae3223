import { cyclePresets, presets, type Project, type RunSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { FakeApi } from './test-support/fake-api.js';
import { TranslateStore } from './translate.svelte.js';

const project: Project = {
  id: 'p1',
  name: 'Pairs',
  path: '/p.ganvas',
  schemaVersion: 1,
  createdAt: 1,
  isSample: false,
  datasets: [],
  issues: [],
};

const run = (id: string, model: 'dcgan' | 'cyclegan', steps: number[]): RunSummary => ({
  id,
  name: `Run ${id}`,
  datasetId: 'd1',
  preset: 'quick',
  settings: model === 'cyclegan' ? cyclePresets.quick.settings : presets.quick.settings,
  state: 'finished',
  stateReason: null,
  step: steps.at(-1) ?? 0,
  seconds: 0,
  checkpoints: steps.map((step) => ({ step, bytes: 1, createdAt: 1 })),
  checkpointBytes: 0,
  sampleSteps: [],
  parent: null,
  warnings: [],
  createdAt: 1,
  jobId: null,
  backend: 'wasm',
});

function setUp() {
  const api = new FakeApi()
    .handle('runs:list', () => [run('d', 'dcgan', [10]), run('c', 'cyclegan', [100, 200, 300, 400, 500])])
    .handle('translate:preview', ({ step }) => ({
      step: step ?? 500,
      width: 64,
      height: 48,
      before: 'data:before',
      after: `data:after-${step ?? 500}`,
    }))
    .handle('translate:folder', () => ({ jobId: 'j9', outDir: '/p.ganvas/translations/x' }))
    .handle('jobs:cancel', () => ({ cancelled: true }) as never);
  const store = new TranslateStore(api);
  return { api, store };
}

describe('TranslateStore', () => {
  it('offers only CycleGAN runs with a checkpoint, and previews a dropped path at once', async () => {
    const { api, store } = setUp();
    store.setProject(project);
    await store.refresh();
    expect(store.translators.map((each) => each.id)).toEqual(['c']);
    expect(store.runId).toBe('c');
    await store.usePaths(['/pictures/cat.png']);
    expect(store.input?.label).toBe('cat.png');
    expect(store.preview).toMatchObject({ step: 500, width: 64, after: 'data:after-500' });
    expect(api.callsOf('translate:preview').at(-1)).toEqual({
      projectId: 'p1',
      runId: 'c',
      direction: 'AtoB',
      source: { kind: 'paths', paths: ['/pictures/cat.png'] },
    });
  });

  it('previews again on a new direction or checkpoint, and compares spread checkpoints', async () => {
    const { api, store } = setUp();
    store.setProject(project);
    await store.refresh();
    await store.usePaths(['/a', '/b']);
    expect(store.input?.label).toBe('a and 1 more');
    store.chooseDirection('BtoA');
    await Promise.resolve();
    expect(api.callsOf('translate:preview').at(-1)).toMatchObject({ direction: 'BtoA' });
    await store.compareCheckpoints();
    expect(store.comparison.map((each) => each.step)).toEqual([100, 200, 400, 500]);
  });

  it('starts the folder job and cancels it', async () => {
    const { api, store } = setUp();
    store.setProject(project);
    await store.refresh();
    await store.usePaths(['/folder']);
    await store.translateAll();
    expect(store.jobId).toBe('j9');
    expect(store.outDir).toBe('/p.ganvas/translations/x');
    await store.cancel();
    expect(api.callsOf('jobs:cancel')).toEqual([{ jobId: 'j9' }]);
  });

  it('shows the service’s reason when a preview fails', async () => {
    const { api, store } = setUp();
    api.fail('translate:preview', 'invalid-args', 'broken.png cannot be translated: not an image file.');
    store.setProject(project);
    await store.refresh();
    await store.usePaths(['/broken.png']);
    expect(store.error).toMatch(/not an image file/);
    expect(store.busy).toBeNull();
  });
});
