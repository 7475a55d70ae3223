import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callOrThrow } from './call-or-throw.js';
import type { Command } from './command.js';

export const importArchiveUsage = `  import-archive ZIP [--into PROJECT]
                unpack a Ganvas archive: a project goes into the projects folder under a free name;
                a run archive goes into the project given with --into`;

const usageLine = 'Usage: ganvas import-archive ZIP [--into PROJECT] [--json]';

/** `ganvas import-archive`: the other half of `ganvas export --what archive`. */
export const importArchiveCommand: Command = async (studio, output, argv) => {
  let zip: string;
  let into: string | undefined;
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { into: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1 || !positionals[0]) throw new Error('Name one zip file.');
    zip = resolve(positionals[0]);
    into = values.into === undefined ? undefined : resolve(values.into);
  } catch (error) {
    output.error(`${(error as Error).message}\n${usageLine}`);
    return 2;
  }
  const project = into
    ? await callOrThrow(studio, 'projects:open', { path: into, breakStaleLock: false })
    : null;
  try {
    const imported = await callOrThrow(studio, 'export:import-archive', {
      path: zip,
      ...(project ? { projectId: project.id } : {}),
    });
    output.result(
      imported,
      imported.kind === 'project'
        ? `Imported the project into ${imported.folder}`
        : `Imported the run ${imported.runId ?? ''} into ${imported.folder}`,
    );
    if (imported.kind === 'project') await studio.call('projects:close', { projectId: imported.projectId });
    return 0;
  } finally {
    if (project) await studio.call('projects:close', { projectId: project.id });
  }
};
