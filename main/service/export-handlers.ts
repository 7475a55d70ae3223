import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { exportCalls, JobKind, LatentPoint, PathOptions, Provenance } from '../contract/index.js';
import { exportDestination } from '../export/export-paths.js';
import type { ExportTask, ProvenanceBase } from '../export/export-task-schema.js';
import { animationTargets, stemOf } from '../export/export-targets.js';
import { readProvenance } from '../export/provenance.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { readDirectionNames } from '../latent/direction-names.js';
import { pathFrames, type Latent } from '../latent/interpolate.js';
import { resolvePoint } from '../latent/resolve-latent.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import type { ProjectManifest } from '../projects/project-manifest.js';
import { listCheckpoints, listSampleSteps, runFolder } from '../training/run-files.js';
import { readRun } from '../training/run-store.js';
import type { DirectionsResult } from '../training/tasks/render-task.js';
import type { ExplorerProcess } from './explorer-process.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';
import type { TrainingTrainer } from './training-runs.js';

export interface ExportDeps {
  projects: ProjectLookup & { manifestOf(projectId: string): Pick<ProjectManifest, 'name'> };
  jobs: JobRegistry;
  trainer: Pick<TrainingTrainer, 'run' | 'cancel'>;
  explorer: Pick<ExplorerProcess, 'run'>;
  appVersion: string;
  /** Whether a client may name a destination outside the project (not a browser-mode page). */
  allowAbsolutePaths: boolean;
}

/** The explorer's direction settings: the same request finds the very same directions. */
const directionCount = 32;
const directionSamples = 512;

interface Source {
  projectId: string;
  runId: string;
  step?: number | undefined;
  useEma: boolean;
  out: string;
  overwrite: boolean;
}

/**
 * Exports: the latents are resolved here (as the explorer resolves them), the drawing and writing
 * is a job in the trainer process. A destination that exists is refused with 'conflict' unless the
 * request says to overwrite, so the UI can ask first.
 */
export function exportHandlers(
  deps: ExportDeps,
): HandlersFor<Omit<typeof exportCalls, 'export:archive' | 'export:import-archive'>> {
  const prepare = async (source: Source) => {
    const root = deps.projects.root(source.projectId);
    const run = await readRun(root, source.runId);
    const checkpoints = await listCheckpoints(runFolder(root, source.runId));
    const step = source.step ?? checkpoints.at(-1)?.step;
    if (step === undefined || !checkpoints.some((c) => c.step === step)) {
      throw new ServiceFailure(
        'not-found',
        step === undefined
          ? `Run “${run.name}” has no checkpoint yet: train it for a while first.`
          : `Run “${run.name}” has no checkpoint at step ${step} (old checkpoints are thinned).`,
      );
    }
    let out: string;
    try {
      out = exportDestination(root, source.out, deps.allowAbsolutePaths);
    } catch (error) {
      throw new ServiceFailure('invalid-args', (error as Error).message);
    }
    const provenance: ProvenanceBase = {
      app: deps.appVersion,
      project: { id: source.projectId, name: deps.projects.manifestOf(source.projectId).name },
      run: { id: run.id, name: run.name },
    };
    let directions: Promise<Latent[]> | undefined;
    const directionsOf = () =>
      (directions ??= (
        deps.explorer.run({
          kind: 'directions',
          projectRoot: root,
          runId: source.runId,
          step,
          count: directionCount,
          samples: directionSamples,
          useEma: source.useEma,
        }) as Promise<DirectionsResult>
      ).then((found) => found.directions.map((d) => Float32Array.from(d))));
    const resolve = async (point: LatentPoint) =>
      resolvePoint(point, run.settings.latentDim, point.moves.length > 0 ? await directionsOf() : []);
    return { root, run, step, out, provenance, resolve, directionsOf };
  };

  const refuseExisting = (paths: string[], overwrite: boolean) => {
    const taken = paths.filter((path) => existsSync(path));
    if (taken.length > 0 && !overwrite) {
      throw new ServiceFailure(
        'conflict',
        `${taken.length === 1 ? 'A file' : `${taken.length} files`} already exist${taken.length === 1 ? 's' : ''} there ` +
          `(${taken.map((p) => p.split(/[\\/]/).at(-1)).join(', ')}). Choose another name, or confirm to replace.`,
      );
    }
  };

  const start = (kind: JobKind, title: string, task: Omit<ExportTask, 'kind'>) => {
    const job = deps.jobs.create(kind, title, () => deps.trainer.cancel(job.id));
    deps.trainer.run(job.id, { kind: 'export', ...task });
    return { jobId: job.id };
  };

  const items = async (
    list: { point: LatentPoint; name?: string | undefined }[],
    resolve: (point: LatentPoint) => Promise<Latent>,
  ) =>
    Promise.all(
      list.map(async ({ point, name }) => ({
        latent: Array.from(await resolve(point)),
        point,
        caption: name ?? `seed ${point.seed}`,
      })),
    );

  return {
    'export:images': async (args) => {
      const p = await prepare(args);
      const single = args.items.length === 1 && p.out.toLowerCase().endsWith('.png');
      refuseExisting(single ? [p.out] : [], args.overwrite);
      return start(
        'export:images',
        `Exporting ${args.items.length} image${args.items.length === 1 ? '' : 's'}`,
        {
          projectRoot: p.root,
          runId: args.runId,
          step: p.step,
          useEma: args.useEma,
          out: p.out,
          overwrite: args.overwrite,
          provenance: p.provenance,
          job: {
            what: 'images',
            items: await items(args.items, p.resolve),
            size: args.size ?? null,
            kernel: args.kernel,
          },
        },
      );
    },

    'export:sheet': async (args) => {
      const p = await prepare(args);
      const out = p.out.toLowerCase().endsWith('.png') ? p.out : `${p.out}.png`;
      refuseExisting([out], args.overwrite);
      return start('export:sheet', `Exporting a contact sheet of ${args.items.length} images`, {
        projectRoot: p.root,
        runId: args.runId,
        step: p.step,
        useEma: args.useEma,
        out,
        overwrite: args.overwrite,
        provenance: p.provenance,
        job: {
          what: 'sheet',
          items: await items(args.items, p.resolve),
          cellSize: args.cellSize ?? null,
          columns: args.columns,
          spacing: args.spacing,
          background: args.background,
          captions: args.captions,
          kernel: args.kernel,
        },
      });
    },

    'export:animation': async (args) => {
      const p = await prepare(args);
      const stem = stemOf(p.out);
      const formats = [...new Set(args.formats)];
      refuseExisting([...animationTargets(stem, formats).values()], args.overwrite);
      const keyframes = await Promise.all(args.keyframes.map(p.resolve));
      const count = Math.max(2, Math.round(args.fps * args.seconds));
      const options: PathOptions = args.options;
      return start('export:animation', `Exporting a ${args.seconds}-second animation`, {
        projectRoot: p.root,
        runId: args.runId,
        step: p.step,
        useEma: args.useEma,
        out: stem,
        overwrite: args.overwrite,
        provenance: p.provenance,
        job: {
          what: 'animation',
          frames: pathFrames(keyframes, count, options).map((z) => Array.from(z)),
          formats,
          size: args.size ?? null,
          fps: args.fps,
          repeat: args.repeat,
          kernel: args.kernel,
        },
      });
    },

    'export:timeline': async (args) => {
      const root = deps.projects.root(args.projectId);
      const run = await readRun(root, args.runId);
      if ((await listSampleSteps(runFolder(root, args.runId))).length === 0) {
        throw new ServiceFailure(
          'not-found',
          `Run “${run.name}” has no sample grids yet: train it for a while first.`,
        );
      }
      let out: string;
      try {
        out = stemOf(exportDestination(root, args.out, deps.allowAbsolutePaths));
      } catch (error) {
        throw new ServiceFailure('invalid-args', (error as Error).message);
      }
      const formats = [...new Set(args.formats)];
      refuseExisting([...animationTargets(out, formats).values()], args.overwrite);
      return start('export:animation', `Exporting the training of “${run.name}” as an animation`, {
        projectRoot: root,
        runId: args.runId,
        step: null,
        useEma: true,
        out,
        overwrite: args.overwrite,
        provenance: {
          app: deps.appVersion,
          project: { id: args.projectId, name: deps.projects.manifestOf(args.projectId).name },
          run: { id: run.id, name: run.name },
        },
        job: { what: 'timeline', formats, fps: args.fps, repeat: args.repeat, scale: args.scale },
      });
    },

    'export:model': async (args) => {
      const p = await prepare(args);
      refuseExisting([join(p.out, 'index.html'), join(p.out, 'model.json')], args.overwrite);
      const directions = args.directions > 0 ? (await p.directionsOf()).slice(0, args.directions) : [];
      const names = await readDirectionNames(p.root, args.runId, p.step);
      return start('export:model', `Exporting the model of “${p.run.name}”`, {
        projectRoot: p.root,
        runId: args.runId,
        step: p.step,
        useEma: args.useEma,
        out: p.out,
        overwrite: args.overwrite,
        provenance: p.provenance,
        job: {
          what: 'model',
          directions: directions.map((d) => Array.from(d)),
          directionNames: directions.map((_, i) => names.get(i) ?? null),
        },
      });
    },

    'export:inspect-png': async ({ projectId, head }) => {
      const read = readProvenance(Buffer.from(head, 'base64'));
      if (!read.ok) return { provenance: null, problem: read.problem };
      const { provenance } = read;
      if (projectId === undefined) {
        return {
          provenance,
          problem: `Open the project “${provenance.project.name}” first, then drop the image again.`,
        };
      }
      return { provenance, problem: await whyNotHere(deps, projectId, provenance) };
    },
  };
}

async function whyNotHere(
  deps: ExportDeps,
  projectId: string,
  provenance: Provenance,
): Promise<string | null> {
  const root = deps.projects.root(projectId);
  const { run, step } = provenance;
  const elsewhere = provenance.project.id !== projectId ? ` of the project “${provenance.project.name}”` : '';
  try {
    await readRun(root, run.id);
  } catch {
    return (
      `This image comes from the run “${run.name}”${elsewhere}, which is not in this project ` +
      `(deleted, or open that project and drop it there). Its seed was ${provenance.point.seed}.`
    );
  }
  const checkpoints = await listCheckpoints(runFolder(root, run.id));
  if (!checkpoints.some((c) => c.step === step)) {
    return (
      `The run “${run.name}” no longer has its checkpoint at step ${step} (old checkpoints are thinned), ` +
      `so this exact image cannot be drawn again. Its seed was ${provenance.point.seed}.`
    );
  }
  return null;
}
