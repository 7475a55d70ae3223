import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycleSettings, presets, type TrainingSettings } from '../contract/index.js';
import { makeProject } from '../datasets/test-support/fixtures.js';
import { UploadStore } from '../datasets/upload-store.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { createRun } from '../training/run-store.js';
import type { TrainerTask } from '../training/trainer-protocol.js';
import { translateHandlers } from './translate-handlers.js';

async function setUp() {
  const root = await makeProject();
  const sent: { jobId: string; task: TrainerTask }[] = [];
  const previews: TrainerTask[] = [];
  const uploads = new UploadStore();
  const handlers = translateHandlers({
    projects: { root: () => root, changed: async () => ({}) as never },
    jobs: new JobRegistry(() => undefined),
    trainer: {
      run: (jobId, task) => sent.push({ jobId, task }),
      cancel: () => undefined,
      backend: () => null,
    },
    explorer: {
      run: async (task) => {
        previews.push(task);
        return { step: 4, width: 64, height: 32, before: 'QQ==', after: 'Qg==' };
      },
    },
    uploads,
    now: () => new Date('2026-12-05T10:00:00Z'),
  });
  const run = (settings: TrainingSettings) =>
    createRun(root, { name: 'Run', datasetId: 'd', domain: 'A', preset: 'quick', settings, parent: null });
  const cycle = await run({
    ...presets.quick.settings,
    model: 'cyclegan',
    size: 64,
    batchSize: 1,
    cycle: cycleSettings(6),
  });
  const dcgan = await run(presets.quick.settings);
  return { root, handlers, sent, previews, uploads, cycle, dcgan };
}

describe('translate handlers', () => {
  it('previews in the explorer process and answers with data URLs', async () => {
    const { handlers, previews, cycle, root } = await setUp();
    const result = await handlers['translate:preview']({
      projectId: 'p',
      runId: cycle.id,
      direction: 'BtoA',
      maxSide: 256,
      source: { kind: 'paths', paths: ['/pictures/cat.jpg'] },
    });
    expect(result).toEqual({
      step: 4,
      width: 64,
      height: 32,
      before: 'data:image/png;base64,QQ==',
      after: 'data:image/png;base64,Qg==',
    });
    expect(previews[0]).toMatchObject({
      kind: 'translate',
      projectRoot: root,
      step: null,
      direction: 'BtoA',
      outDir: null,
      maxSide: 256,
    });
  });

  it('queues a folder job writing into a new folder inside the project', async () => {
    const { handlers, sent, cycle, root } = await setUp();
    const { jobId, outDir } = await handlers['translate:folder']({
      projectId: 'p',
      runId: cycle.id,
      step: 250,
      direction: 'AtoB',
      maxSide: 512,
      source: { kind: 'paths', paths: ['/pictures'] },
    });
    expect(outDir).toBe(join(root, 'translations', `${cycle.id}-AtoB-2026-12-05T10-00-00-000Z`));
    expect(sent).toEqual([
      {
        jobId,
        task: expect.objectContaining({ kind: 'translate', step: 250, inputs: ['/pictures'], outDir }),
      },
    ]);
  });

  it('refuses a DCGAN run and an upload it does not know, saying what to do', async () => {
    const { handlers, dcgan, cycle } = await setUp();
    const args = { projectId: 'p', direction: 'AtoB' as const, maxSide: 512 };
    await expect(
      handlers['translate:preview']({
        ...args,
        runId: dcgan.id,
        source: { kind: 'paths', paths: ['/a.png'] },
      }),
    ).rejects.toThrow(/is a DCGAN.*Pick a CycleGAN run/);
    await expect(
      handlers['translate:folder']({
        ...args,
        runId: cycle.id,
        source: { kind: 'upload', uploadId: 'nope' },
      }),
    ).rejects.toThrow(/upload has ended/);
  });
});
