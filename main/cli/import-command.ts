import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  DatasetSummary,
  Domain,
  FitMode,
  ImportSummary,
  Project,
  Resolution,
} from '../contract/index.js';
import type { Studio } from '../studio.js';
import { callOrThrow } from './call-or-throw.js';
import type { CliOutput } from './cli-output.js';
import type { Command } from './command.js';
import { followJob, type JobEnd } from './follow-job.js';

export const importUsage = `  import PROJECT PATH... [--dataset ID] [--domain A|B] [--size 32|64|128|256] [--fit crop|pad|stretch]
                import image files and folders (read recursively) into a dataset of a project; without
                --dataset, a new one named after the first folder (a CycleGAN one with --domain)`;

const usageLine =
  'Usage: ganvas import PROJECT PATH... [--dataset ID] [--domain A|B] [--size 32|64|128|256] [--fit crop|pad|stretch] [--json]';

class UsageError extends Error {}

/** `ganvas import`: the same import job the app runs, with progress lines and a full account at the end. */
export const importCommand: Command = async (studio, output, argv) => {
  let request: ImportRequest;
  try {
    request = parseImportArgs(argv);
  } catch (error) {
    output.error(`${(error as Error).message}\n${usageLine}`);
    return 2;
  }
  if (request.help) {
    if (output.json) output.result({ usage: usageLine }, usageLine);
    else output.result({}, `${usageLine}\n\n${importUsage}`);
    return 0;
  }
  const project = await callOrThrow(studio, 'projects:open', {
    path: request.project,
    breakStaleLock: false,
  });
  try {
    const dataset = await chooseDataset(studio, project, request);
    const domain: Domain = request.domain ?? (dataset.kind === 'single' ? 'main' : 'A');
    if (dataset.kind === 'paired' && !request.domain) {
      throw new UsageError(
        `“${dataset.name}” is a CycleGAN dataset: say which side with --domain A or --domain B.`,
      );
    }
    const end = await runImport(studio, output, project.id, dataset.id, domain, request.paths);
    if (end.type === 'failed') return fail(output, end.error);
    if (end.type !== 'done') return fail(output, 'The import was cancelled; what it had imported was kept.');
    const summary = end.result as ImportSummary;
    output.result(
      { dataset: { id: dataset.id, name: dataset.name }, ...summary },
      describe(dataset, summary),
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return fail(output, error.message, 2);
    throw error;
  } finally {
    await studio.call('projects:close', { projectId: project.id });
  }
};

interface ImportRequest {
  help: boolean;
  project: string;
  paths: string[];
  datasetId: string | undefined;
  domain: 'A' | 'B' | undefined;
  size: Resolution | undefined;
  fit: FitMode | undefined;
}

function parseImportArgs(argv: string[]): ImportRequest {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      domain: { type: 'string' },
      size: { type: 'string' },
      fit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const [project, ...paths] = positionals;
  if (values.help)
    return {
      help: true,
      project: '',
      paths: [],
      datasetId: undefined,
      domain: undefined,
      size: undefined,
      fit: undefined,
    };
  if (!project || paths.length === 0)
    throw new Error('Name a project and at least one image file or folder.');
  const domain = values.domain?.toUpperCase();
  if (domain !== undefined && domain !== 'A' && domain !== 'B') {
    throw new Error('--domain is A or B (leave it out for a DCGAN dataset).');
  }
  const size = values.size === undefined ? undefined : Number(values.size);
  if (size !== undefined && ![32, 64, 128, 256].includes(size))
    throw new Error('--size is 32, 64, 128 or 256.');
  const fit = values.fit;
  if (fit !== undefined && fit !== 'crop' && fit !== 'pad' && fit !== 'stretch') {
    throw new Error('--fit is crop, pad or stretch.');
  }
  return {
    help: false,
    project: resolve(project),
    paths: paths.map((path) => resolve(path)),
    datasetId: values.dataset,
    domain,
    size: size as Resolution | undefined,
    fit,
  };
}

/** The dataset named by --dataset (id or name), or a new one named after the first folder. */
async function chooseDataset(
  studio: Studio,
  project: Project,
  request: ImportRequest,
): Promise<DatasetSummary> {
  if (request.datasetId !== undefined) {
    const wanted = request.datasetId;
    const found =
      project.datasets.find((each) => each.id === wanted) ??
      project.datasets.filter((each) => each.name === wanted)[0];
    if (!found) {
      const known = project.datasets.map((each) => `${each.id} (${each.name})`).join(', ') || 'none yet';
      throw new UsageError(
        `This project has no dataset “${wanted}”. Its datasets: ${known}. Leave out --dataset to make a new one.`,
      );
    }
    if ((request.size && request.size !== found.resolution) || (request.fit && request.fit !== found.fit)) {
      throw new UsageError(
        `“${found.name}” is ${found.resolution} px, ${found.fit}; change that in the app (its cache is rebuilt), or leave out --size and --fit.`,
      );
    }
    return found;
  }
  const first = request.paths[0] ?? 'Images';
  const folder = isFolder(first) ? first : dirname(first);
  return callOrThrow(studio, 'datasets:create', {
    projectId: project.id,
    name: basename(folder).slice(0, 80) || 'Images',
    kind: request.domain ? 'paired' : 'single',
    resolution: request.size ?? 64,
    fit: request.fit ?? 'crop',
    background: '#ffffff',
    storage: 'copy',
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The import job, followed to the end; Ctrl-C cancels it, keeping what was done. */
function runImport(
  studio: Studio,
  output: CliOutput,
  projectId: string,
  datasetId: string,
  domain: Domain,
  paths: string[],
): Promise<JobEnd> {
  return followJob(studio, output, {
    start: async () =>
      (
        await callOrThrow(studio, 'datasets:import', {
          projectId,
          datasetId,
          domain,
          source: { kind: 'paths', paths },
        })
      ).jobId,
  });
}

function describe(dataset: DatasetSummary, summary: ImportSummary): string {
  const lines = [
    `Imported ${summary.imported} images into “${dataset.name}” (dataset ${dataset.id}${summary.domain === 'main' ? '' : `, domain ${summary.domain}`}) in ${summary.seconds.toFixed(1)} s` +
      (summary.alreadyPresent ? `; ${summary.alreadyPresent} were already there.` : '.'),
    `Exact duplicates, kept out: ${summary.exactDuplicates.length}`,
    ...summary.exactDuplicates.map(
      (duplicate) => `  ${duplicate.path} (same bytes as image ${duplicate.sameAs})`,
    ),
    `Near-duplicate groups: ${summary.nearDuplicates.length}` +
      (summary.nearDuplicates.length
        ? ` (${summary.nearDuplicates.reduce((sum, group) => sum + group.imageIds.length, 0)} images; review them in the Dataset view)`
        : ''),
    `Rejected: ${summary.rejected.length}`,
    ...summary.rejected.map((file) => `  ${file.path}: ${file.reason}`),
  ];
  return lines.join('\n');
}

function fail(output: CliOutput, message: string, code = 1): number {
  output.error(message);
  return code;
}
