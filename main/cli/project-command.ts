import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { callOrThrow } from './call-or-throw.js';

export const projectUsage = `  project create DIR [--name NAME]
                create a project: DIR is the new .ganvas folder, or a parent folder with --name`;

/** `ganvas project create DIR`: a new, empty project folder. */
export const projectCommand: Command = async (studio, output, argv) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [verb, dir] = positionals;
  if (verb !== 'create' || !dir) {
    output.error('Usage: ganvas project create DIR [--name NAME] [--json]');
    return 2;
  }
  const target = resolve(dir);
  const [parentDir, name] = values.name
    ? [target, values.name]
    : [dirname(target), basename(target).replace(/\.ganvas$/, '')];
  const project = await callOrThrow(studio, 'projects:create', { name, parentDir });
  await callOrThrow(studio, 'projects:close', { projectId: project.id });
  output.result(
    { project: { id: project.id, name: project.name, path: project.path } },
    `Created ${project.path}`,
  );
  return 0;
};
