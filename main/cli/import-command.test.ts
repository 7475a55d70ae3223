import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCall, type CallOutcome } from '../contract/index.js';
import { UploadStore } from '../datasets/upload-store.js';
import { makeMixedFolder, makeProject } from '../datasets/test-support/fixtures.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { ProjectRegistry } from '../projects/project-registry.js';
import { datasetHandlers } from '../service/dataset-handlers.js';
import { EventBus } from '../service/event-bus.js';
import { projectHandlers } from '../service/project-handlers.js';
import { toServiceError } from '../service/service-error.js';
import type { Studio } from '../studio.js';
import { createCliOutput } from './cli-output.js';
import { importCommand } from './import-command.js';

/** The project and dataset calls behind the same gate the studio uses, with job events on a bus. */
async function setUp() {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-cli-import-'));
  const bus = new EventBus();
  const registry = new ProjectRegistry({
    dataDir: join(base, 'data'),
    onChanged: () => undefined,
    appLabel: 'Ganvas CLI test',
  });
  const jobs = new JobRegistry((event) => bus.emit('jobs:event', event));
  const handlers = {
    ...projectHandlers({ registry, projectsDir: join(base, 'Projects') }),
    ...datasetHandlers({ projects: registry, jobs, uploads: new UploadStore() }),
  } as unknown as Record<string, (args: unknown) => Promise<unknown>>;
  const studio: Studio = {
    async call(name, args): Promise<CallOutcome<unknown>> {
      const parsed = parseCall(name, args);
      if (!parsed.ok) return parsed;
      try {
        return { ok: true, value: await handlers[parsed.call]?.(parsed.args) };
      } catch (error) {
        return { ok: false, error: toServiceError(error) };
      }
    },
    onEvent: (listener) => bus.on((event, payload) => listener(event, payload)),
    resolveProjectFile: async () => null,
    receiveUpload: async () => undefined,
    dispose: () => registry.closeAll(),
  };
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const output = createCliOutput(
      argv.includes('--json'),
      (line) => lines.push(line),
      (line) => errors.push(line),
    );
    const code = await importCommand(studio, output, argv);
    return { code, lines, errors };
  };
  return { run, studio };
}

describe('ganvas import', () => {
  it('creates a dataset named after the folder and accounts for every file, as JSON lines', async () => {
    const { run } = await setUp();
    const project = await makeProject();
    const { folder } = await makeMixedFolder(4);
    const { code, lines } = await run(project, folder, '--size', '32', '--json');
    expect(code).toBe(0);
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.slice(0, -1).every((object) => object.type === 'progress')).toBe(true);
    const result = objects.at(-1) as Record<string, unknown> & {
      rejected: Array<{ path: string; reason: string }>;
    };
    expect(result).toMatchObject({
      type: 'result',
      dataset: { id: expect.any(String), name: folder.split('/').pop() },
      imported: 4,
      exactDuplicates: [expect.objectContaining({ path: expect.stringContaining(folder) })],
      nearDuplicates: [],
    });
    expect(result.rejected.map((file) => file.path.split('/').pop()).sort()).toEqual([
      'drawing.svg',
      'empty.png',
      'notes.jpg',
      'tiny.png',
      'truncated.png',
    ]);
    expect(result.rejected.every((file) => file.reason.length > 0)).toBe(true);
  });

  it('imports into an existing dataset by id, in sentences without --json, adding only what is new', async () => {
    const { run } = await setUp();
    const project = await makeProject();
    const { folder } = await makeMixedFolder(3);
    const first = await run(project, folder, '--json');
    const datasetId = (JSON.parse(first.lines.at(-1) ?? '{}') as { dataset: { id: string } }).dataset.id;
    const { code, lines, errors } = await run(project, folder, '--dataset', datasetId);
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(
      new RegExp(
        `^Imported 0 images into “.+” \\(dataset ${datasetId}\\) in [\\d.]+ s; 4 were already there\\.`,
      ),
    );
    expect(text).toMatch(/^Rejected: 5$/m);
    expect(text).toMatch(
      /^ {2}.*tiny\.png: too small \(8×8 px; at least 32 px on the short side for 64 px training\)$/m,
    );
    expect(errors.some((line) => /files/.test(line))).toBe(true); // progress goes to stderr
  });

  it('makes a CycleGAN dataset with --domain and needs a side for it afterwards', async () => {
    const { run } = await setUp();
    const project = await makeProject();
    const { good } = await makeMixedFolder(2);
    const made = await run(project, ...good, '--domain', 'A', '--json');
    expect(made.code).toBe(0);
    const result = JSON.parse(made.lines.at(-1) ?? '{}') as {
      dataset: { id: string };
      domain: string;
      imported: number;
    };
    expect(result).toMatchObject({ domain: 'A', imported: 2 });
    const sideless = await run(project, ...good, '--dataset', result.dataset.id);
    expect(sideless.code).toBe(2);
    expect(sideless.errors.join('\n')).toMatch(
      /CycleGAN dataset: say which side with --domain A or --domain B/,
    );
    expect((await run(project, ...good, '--dataset', result.dataset.id, '--domain', 'B')).code).toBe(0);
  });

  it('explains bad arguments with the usage, and an unknown dataset with the ones there are', async () => {
    const { run } = await setUp();
    const project = await makeProject();
    for (const argv of [
      [project],
      [project, 'x', '--size', '100'],
      [project, 'x', '--fit', 'zoom'],
      [project, 'x', '--domain', 'C'],
    ]) {
      const { code, errors } = await run(...argv);
      expect(code).toBe(2);
      expect(errors.join('\n')).toMatch(/Usage: ganvas import PROJECT PATH\.\.\./);
    }
    const unknown = await run(project, tmpdir(), '--dataset', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.errors.join('\n')).toMatch(/no dataset “nope”\. Its datasets: none yet/);
    expect((await run('--help')).code).toBe(0);
  });

  it('fails with the service words when the project cannot be opened', async () => {
    const { run } = await setUp();
    await expect(run(join(tmpdir(), 'no-such-project.ganvas'), tmpdir())).rejects.toThrow();
  });
});
