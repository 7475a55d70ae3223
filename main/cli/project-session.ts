import type { GanModel, Project, RunSummary } from '../contract/index.js';
import type { Studio } from '../studio.js';
import { callOrThrow } from './call-or-throw.js';
import type { CliOutput } from './cli-output.js';

/**
 * What the project commands share: parse the arguments (a usage error exits 2 with the usage line),
 * open the project, do the work, and close the project whatever happened.
 */
export async function onProject<T extends { project: string }>(
  studio: Studio,
  output: CliOutput,
  usageLine: string,
  parse: () => T,
  work: (project: Project, request: T) => Promise<number>,
): Promise<number> {
  let request: T;
  try {
    request = parse();
  } catch (error) {
    output.error(`${(error as Error).message}\n${usageLine}`);
    return 2;
  }
  const project = await callOrThrow(studio, 'projects:open', {
    path: request.project,
    breakStaleLock: false,
  });
  try {
    return await work(project, request);
  } finally {
    await studio.call('projects:close', { projectId: project.id });
  }
}

/** A run by id or name; without one, the newest run that has a checkpoint. */
export async function chooseTrainedRun(
  studio: Studio,
  project: Project,
  wanted: string | undefined,
  model?: GanModel,
): Promise<RunSummary> {
  const all = await callOrThrow(studio, 'runs:list', { projectId: project.id });
  // A named run is found among all, so a wrong kind is refused with its reason by the service.
  const runs = wanted === undefined && model ? all.filter((run) => run.settings.model === model) : all;
  if (wanted !== undefined) {
    const found = runs.find((run) => run.id === wanted || run.name === wanted);
    if (!found) {
      const known = all.map((run) => `${run.id} (${run.name})`).join(', ') || 'none yet';
      throw new Error(`This project has no run “${wanted}”. Its runs: ${known}.`);
    }
    return found;
  }
  const trained = runs.find((run) => run.checkpoints.length > 0);
  if (!trained) {
    throw new Error(
      model === 'cyclegan'
        ? 'This project has no trained CycleGAN yet: train one first (ganvas train PROJECT --model cyclegan).'
        : 'This project has no trained run yet: train one first (ganvas train PROJECT).',
    );
  }
  return trained;
}
