import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { callOrThrow } from './call-or-throw.js';

export const projectUsage = `  project create DIR [--name NAME]
                create a project: DIR is the new project folder (.ganvas is added when missing);
                with --name, DIR is the folder to create NAME.ganvas in. Prints its path and id`;

const usageLine = 'Usage: ganvas project create DIR [--name NAME] [--json]';

/** `ganvas project create DIR`: a new, empty project folder, closed again (its lock released) when made. */
export const projectCommand: Command = async (studio, output, argv) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [verb, dir, ...extra] = positionals;
  if (verb !== 'create' || !dir || extra.length > 0) {
    output.error(usageLine);
    return 2;
  }
  const target = resolve(dir);
  let parentDir: string;
  let name: string;
  if (values.name !== undefined) {
    [parentDir, name] = [target, values.name];
  } else if (existsSync(target) && !target.endsWith('.ganvas')) {
    // `create ~/Art` where ~/Art exists would otherwise make ~/Art.ganvas beside it: ask instead.
    output.error(
      `${target} already exists. To make a project inside it, add --name NAME; to make a new folder, give a path that does not exist yet.`,
    );
    return 2;
  } else {
    [parentDir, name] = [dirname(target), basename(target).replace(/\.ganvas$/, '')];
  }
  const project = await callOrThrow(studio, 'projects:create', { name, parentDir });
  await callOrThrow(studio, 'projects:close', { projectId: project.id });
  output.result(
    { project: { id: project.id, name: project.name, path: project.path } },
    `Created ${project.path} (id ${project.id})`,
  );
  return 0;
};
