import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseCall,
  presets,
  type BackendInfo,
  type CallArgs,
  type CallName,
  type CallResult,
  type JobEvent,
  type Project,
} from '../contract/index.js';
import type { ExportTask } from '../export/export-task-schema.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { loadBackend } from '../tf/backend-loader.js';
import { trainDcgan } from '../training/gan/train-dcgan.js';
import { createRun } from '../training/run-store.js';
import { exportArt } from '../training/tasks/export-task.js';
import { findDirections } from '../training/tasks/render-task.js';
import { inProcessContext } from '../training/test-support/in-process-context.js';
import type { DirectionsTask, TrainerTask } from '../training/trainer-protocol.js';
import { archiveHandlers } from './archive-handlers.js';
import { exportHandlers } from './export-handlers.js';
import { ServiceFailure } from './service-error.js';

let backend: BackendInfo;
let root: string;
let projectsDir: string;
let runId: string;
const events: JobEvent[] = [];
const tasks: TrainerTask[] = [];
const opened: string[] = [];
let handlers: Record<string, (args: unknown) => Promise<unknown>>;

beforeAll(async () => {
  backend = (await loadBackend({ setting: 'cpu', env: {} })).info;
  const work = await mkdtemp(join(tmpdir(), 'ganvas-export-handlers-'));
  root = join(work, 'Moths.ganvas');
  projectsDir = join(work, 'Projects');
  await mkdir(root, { recursive: true });
  const settings = {
    ...presets.quick.settings,
    width: 4,
    latentDim: 8,
    batchSize: 4,
    totalSteps: 2,
    checkpointEvery: 2,
  };
  const run = await createRun(root, {
    name: 'First',
    datasetId: 'd',
    domain: 'main',
    preset: 'quick',
    settings,
    parent: null,
  });
  runId = run.id;
  const images = new Uint8Array(8 * 32 * 32 * 3).map((_, i) => (i * 11) % 256);
  await trainDcgan(
    { kind: 'train', projectRoot: root, runId, datasetId: 'd', domain: 'main', settings, resumeFrom: null },
    inProcessContext(backend).ctx,
    { loadImages: async () => ({ images, count: 8, size: 32, ids: [] }) },
  );
  const jobs = new JobRegistry((event) => events.push(event));
  const projects = {
    root: (projectId: string) => {
      if (projectId !== 'p1') throw new ServiceFailure('not-found', 'That project is not open.');
      return root;
    },
    changed: async () => ({}) as Project,
    manifestOf: () => ({ name: 'Moths' }),
  };
  // The trainer and the explorer process run their tasks here, in-process.
  const trainer = {
    run: (jobId: string, task: TrainerTask) => {
      tasks.push(task);
      exportArt(task as ExportTask, inProcessContext(backend).ctx).then(
        (result) => jobs.finish(jobId, result),
        (error: Error) => jobs.fail(jobId, error.message),
      );
    },
    cancel: () => undefined,
  };
  const explorer = {
    run: (task: TrainerTask) => findDirections(task as DirectionsTask, inProcessContext(backend).ctx),
  };
  handlers = {
    ...exportHandlers({ projects, jobs, trainer, explorer, appVersion: '1.2.3', allowAbsolutePaths: true }),
    ...archiveHandlers({
      registry: {
        ...projects,
        openFolder: async (path: string) => {
          opened.push(path);
          return { id: 'p2' } as Project;
        },
      } as never,
      jobs,
      projectsDir,
      appVersion: '1.2.3',
      allowAbsolutePaths: true,
    }),
  } as unknown as Record<string, (args: unknown) => Promise<unknown>>;
}, 60_000);

async function call<C extends CallName>(name: C, args: CallArgs<C>): Promise<CallResult<C>> {
  const parsed = parseCall(name, args);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return (await handlers[name]?.(parsed.args)) as CallResult<C>;
}

async function finished(jobId: string): Promise<JobEvent> {
  for (;;) {
    const end = events.find(
      (e) => e.type !== 'started' && e.type !== 'progress' && e.type !== 'warning' && e.jobId === jobId,
    );
    if (end) return end;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const seed = (n: number) => ({ point: { seed: n } });

describe('export calls', () => {
  it('exports into the project’s exports folder and refuses to replace without being asked', async () => {
    const { jobId } = await call('export:images', {
      projectId: 'p1',
      runId,
      out: 'one.png',
      items: [seed(3)],
      size: 64,
    });
    expect(await finished(jobId)).toMatchObject({ type: 'done', result: { files: ['exports/one.png'] } });
    expect((await sharp(join(root, 'exports', 'one.png')).metadata()).width).toBe(64);
    await expect(
      call('export:images', { projectId: 'p1', runId, out: 'one.png', items: [seed(4)] }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    const again = await call('export:images', {
      projectId: 'p1',
      runId,
      out: 'one.png',
      items: [seed(4)],
      overwrite: true,
    });
    expect((await finished(again.jobId)).type).toBe('done');
  });

  it('keeps relative destinations inside exports/', async () => {
    await expect(
      call('export:images', { projectId: 'p1', runId, out: '../project.json', items: [seed(1)] }),
    ).rejects.toMatchObject({
      code: 'invalid-args',
    });
  });

  it('resolves moves along the model’s directions, and makes fps × seconds frames of an animation', async () => {
    const { jobId } = await call('export:animation', {
      projectId: 'p1',
      runId,
      out: 'loop.gif',
      keyframes: [{ seed: 1, moves: [{ direction: 0, amount: 2 }] }, { seed: 2 }],
      formats: ['png-frames'],
      fps: 10,
      seconds: 1.2,
    });
    const task = tasks.at(-1) as ExportTask;
    expect(task.out).toBe(join(root, 'exports', 'loop'));
    expect(task.job.what === 'animation' && task.job.frames.length).toBe(12);
    expect((await finished(jobId)).type).toBe('done');
    expect(existsSync(join(root, 'exports', 'loop-frames', '0012.png'))).toBe(true);
  });

  it('says why a dropped PNG cannot be reopened, or that it can', async () => {
    const png = await readFile(join(root, 'exports', 'one.png'));
    const head = (bytes: Buffer) => bytes.subarray(0, 4096).toString('base64');
    expect(await call('export:inspect-png', { projectId: 'p1', head: head(png) })).toMatchObject({
      problem: null,
      provenance: { run: { id: runId, name: 'First' }, step: 2, point: { seed: 4 }, app: '1.2.3' },
    });
    const plain = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect((await call('export:inspect-png', { projectId: 'p1', head: head(plain) })).problem).toContain(
      'does not say how it was made',
    );
    expect((await call('export:inspect-png', { head: head(png) })).problem).toContain(
      'Open the project “Moths”',
    );
    await rm(join(root, 'runs', runId, 'checkpoints', '2'), { recursive: true });
    expect((await call('export:inspect-png', { projectId: 'p1', head: head(png) })).problem).toContain(
      'no longer has its checkpoint at step 2',
    );
  });

  it('archives the project and imports the archive as a new project under a free name', async () => {
    const { jobId } = await call('export:archive', { projectId: 'p1', out: 'moths' });
    const end = await finished(jobId);
    expect(end).toMatchObject({ type: 'done', result: { files: ['exports/moths.zip'] } });
    const imported = await call('export:import-archive', { path: join(root, 'exports', 'moths.zip') });
    expect(imported).toMatchObject({
      kind: 'project',
      projectId: 'p2',
      folder: join(projectsDir, 'Moths.ganvas'),
    });
    expect(opened).toEqual([join(projectsDir, 'Moths.ganvas')]);
    expect(existsSync(join(projectsDir, 'Moths.ganvas', 'runs', runId, 'run.json'))).toBe(true);
    // The archive does not hold itself.
    expect(existsSync(join(projectsDir, 'Moths.ganvas', 'exports', 'moths.zip'))).toBe(false);
  });
});
