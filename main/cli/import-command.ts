import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportSummary, JobEvent, Resolution } from '../contract/index.js';
import type { Command } from './command.js';
import { callOrThrow } from './call-or-throw.js';

export const importUsage = `  import PROJECT PATH... [--dataset ID] [--domain A|B] [--size 32|64|128|256] [--fit crop|pad|stretch]
                import image files and folders into a dataset (a new one, named after the first folder, by default)`;

/** `ganvas import`: the same import job the app runs, with progress lines and a full account at the end. */
export const importCommand: Command = async (studio, output, argv) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      domain: { type: 'string' },
      size: { type: 'string', default: '64' },
      fit: { type: 'string', default: 'crop' },
      json: { type: 'boolean' },
    },
  });
  const [projectPath, ...paths] = positionals;
  const domain = values.domain ?? 'main';
  const size = Number(values.size);
  if (!projectPath || paths.length === 0) {
    output.error(
      'Usage: ganvas import PROJECT PATH... [--dataset ID] [--domain A|B] [--size N] [--fit crop|pad|stretch]',
    );
    return 2;
  }
  if (!['main', 'A', 'B'].includes(domain))
    return fail('--domain is A or B (leave it out for a DCGAN dataset).');
  if (![32, 64, 128, 256].includes(size)) return fail('--size is 32, 64, 128 or 256.');
  if (!['crop', 'pad', 'stretch'].includes(values.fit)) return fail('--fit is crop, pad or stretch.');

  const project = await callOrThrow(studio, 'projects:open', {
    path: resolve(projectPath),
    breakStaleLock: false,
  });
  try {
    const datasetId =
      values.dataset ??
      (
        await callOrThrow(studio, 'datasets:create', {
          projectId: project.id,
          name: basename(resolve(paths[0] ?? 'Images')),
          kind: domain === 'main' ? 'single' : 'paired',
          resolution: size as Resolution,
          fit: values.fit as 'crop' | 'pad' | 'stretch',
        })
      ).id;
    const finished = new Promise<JobEvent>((resolveEvent) => {
      let jobId: string | null = null;
      const early: JobEvent[] = [];
      const handle = (event: JobEvent) => {
        if (event.type === 'started') return;
        if (event.jobId !== jobId) return;
        if (event.type === 'progress') {
          output.progress(
            { done: event.progress.done, total: event.progress.total, etaSeconds: event.progress.etaSeconds },
            event.progress.message,
          );
        } else if (event.type !== 'warning') resolveEvent(event);
      };
      studio.onEvent((name, payload) => {
        if (name !== 'jobs:event') return;
        if (jobId === null) early.push(payload as JobEvent);
        else handle(payload as JobEvent);
      });
      void callOrThrow(studio, 'datasets:import', {
        projectId: project.id,
        datasetId,
        domain: domain as 'main' | 'A' | 'B',
        source: { kind: 'paths', paths: paths.map((path) => resolve(path)) },
      }).then(({ jobId: started }) => {
        jobId = started;
        early.forEach(handle);
      });
    });
    const end = await finished;
    if (end.type !== 'done') return fail(end.type === 'failed' ? end.error : 'The import was cancelled.');
    const summary = end.result as ImportSummary;
    output.result(
      { dataset: datasetId, ...summary },
      [
        `Imported ${summary.imported} images into dataset ${datasetId} (${summary.alreadyPresent} already there).`,
        `Exact duplicates: ${summary.exactDuplicates.length}; near-duplicate groups: ${summary.nearDuplicates.length}.`,
        ...summary.rejected.map((file) => `Rejected ${file.path}: ${file.reason}`),
      ].join('\n'),
    );
    return 0;
  } finally {
    await studio.call('projects:close', { projectId: project.id });
  }

  function fail(message: string): number {
    output.error(message);
    return 1;
  }
};
