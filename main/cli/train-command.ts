import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GanModel,
  PresetName,
  type TrainingSettings,
  TrainingSettingsFields,
  type DatasetSummary,
  type MetricPoint,
  type Project,
  type RunEvent,
  type RunSummary,
} from '../contract/index.js';
import type { Studio } from '../studio.js';
import { callOrThrow } from './call-or-throw.js';
import type { Command } from './command.js';
import { followJob } from './follow-job.js';
import { onProject } from './project-session.js';

export const trainUsage = `  train PROJECT [--model dcgan|cyclegan] [--dataset ID] [--preset quick|standard|detailed] [--steps N]
                [--size 32|64|128|256] [--batch N] [--backend NAME] [--resume RUN]
                train a DCGAN on a dataset of the project, or a CycleGAN between the domains A and B of a
                paired dataset (or go on with a run); Ctrl-C stops it cleanly with a checkpoint, and
                --resume RUN continues from there`;

const usageLine =
  'Usage: ganvas train PROJECT [--model dcgan|cyclegan] [--dataset ID] [--preset NAME] [--steps N] [--size N] [--batch N] [--backend NAME] [--resume RUN] [--json]';

/** Text mode prints a progress line at most this often; --json prints every reporting tick. */
const textIntervalMs = 2000;

export interface TrainRequest {
  project: string;
  datasetId: string | undefined;
  preset: PresetName;
  settings: Partial<TrainingSettings>;
  resume: string | undefined;
}

/** `ganvas train`: the same training job as the app's Train view, headless. */
export const trainCommand: Command = (studio, output, argv) =>
  onProject(
    studio,
    output,
    usageLine,
    () => parseTrainArgs(argv),
    async (project, request) => {
      let runId: string | null = null;
      let lastText = 0;
      const stopListening = studio.onEvent((name, payload) => {
        if (name !== 'runs:event') return;
        const event = payload as RunEvent;
        if (event.type === 'changed' || event.runId !== runId) return;
        if (event.type === 'metrics') {
          for (const point of event.points) {
            const now = Date.now();
            const text = now - lastText >= textIntervalMs;
            if (text) lastText = now;
            if (output.json || text)
              output.progress(metricFields(point, batchOf(request)), describePoint(point));
          }
        } else if (event.type === 'warning') {
          output.progress(
            { warning: event.warning.message, code: event.warning.code },
            `Warning: ${event.warning.message}`,
          );
        } else if (event.type === 'checkpoint') {
          output.progress(
            { checkpoint: event.checkpoint.step },
            `Checkpoint at step ${event.checkpoint.step}`,
          );
        }
      });
      let batchSize = request.settings.batchSize;
      const end = await followJob(studio, output, {
        showProgress: false,
        showWarnings: false,
        start: async () => {
          const started = request.resume
            ? await callOrThrow(studio, 'training:resume', {
                projectId: project.id,
                runId: request.resume,
                ...(request.settings.totalSteps ? { totalSteps: request.settings.totalSteps } : {}),
              })
            : await callOrThrow(studio, 'training:start', {
                projectId: project.id,
                datasetId: chooseDataset(project, request.datasetId, request.settings.model).id,
                preset: request.preset,
                settings: request.settings,
              });
          runId = started.run.id;
          batchSize = started.run.settings.batchSize;
          request.settings.batchSize = batchSize;
          output.progress(
            { run: started.run.id, step: started.run.step, totalSteps: started.run.settings.totalSteps },
            `${request.resume ? 'Resuming' : 'Training'} “${started.run.name}” (run ${started.run.id}) from step ${started.run.step} to ${started.run.settings.totalSteps}`,
          );
          return started.jobId;
        },
        // A signal pauses: a checkpoint of the last step, resumable with --resume.
        interrupt: () => callOrThrow(studio, 'training:pause', { projectId: project.id, runId: runId ?? '' }),
      });
      stopListening();
      const run = runId ? await waitForSettled(studio, project.id, runId) : null;
      if (end.type === 'failed') {
        output.error(end.error);
        return 1;
      }
      if (!run) return 1;
      output.result(
        {
          run: { id: run.id, name: run.name },
          state: run.state,
          step: run.step,
          checkpoint: run.checkpoints.at(-1)?.step ?? null,
          seconds: run.seconds,
        },
        `${run.state === 'finished' ? 'Finished' : 'Stopped'} at step ${run.step}; the newest checkpoint is at step ${run.checkpoints.at(-1)?.step ?? 'none'}.` +
          (run.state === 'finished'
            ? ''
            : `\nGo on with: ganvas train ${request.project} --resume ${run.id}`),
      );
      return 0;
    },
  );

export function parseTrainArgs(argv: string[]): TrainRequest {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      dataset: { type: 'string' },
      preset: { type: 'string' },
      steps: { type: 'string' },
      size: { type: 'string' },
      batch: { type: 'string' },
      backend: { type: 'string' },
      resume: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new Error('Name one project folder.');
  const preset = PresetName.safeParse(values.preset ?? 'quick');
  if (!preset.success) throw new Error(`--preset is one of ${PresetName.options.join(', ')}.`);
  const settings: Partial<TrainingSettings> = {};
  if (values.model !== undefined) {
    const model = GanModel.safeParse(values.model);
    if (!model.success) throw new Error(`--model is one of ${GanModel.options.join(', ')}.`);
    settings.model = model.data;
  }
  const number = (flag: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new Error(`--${flag} takes a whole number, not “${raw}”.`);
    return value;
  };
  const steps = number('steps', values.steps);
  const size = number('size', values.size);
  const batch = number('batch', values.batch);
  if (steps !== undefined) settings.totalSteps = steps;
  if (size !== undefined) settings.size = size as TrainingSettings['size'];
  if (batch !== undefined) settings.batchSize = batch;
  const checked = TrainingSettingsFields.partial().safeParse(settings);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`--${flagOf(String(issue?.path[0]))}: ${issue?.message ?? 'not allowed'}.`);
  }
  if (
    values.resume &&
    (size !== undefined ||
      values.preset !== undefined ||
      values.dataset !== undefined ||
      values.model !== undefined)
  ) {
    throw new Error(
      '--resume goes on with a run as it was: leave out --model, --preset, --size and --dataset.',
    );
  }
  return {
    project: resolve(project),
    datasetId: values.dataset,
    preset: preset.data,
    settings: checked.data,
    resume: values.resume,
  };
}

function flagOf(key: string): string {
  return { totalSteps: 'steps', batchSize: 'batch', size: 'size' }[key] ?? key;
}

/**
 * --dataset by id or name; without it, the one dataset with images (for a CycleGAN, the one paired
 * dataset with images), or say which to pick.
 */
function chooseDataset(
  project: Project,
  wanted: string | undefined,
  model: GanModel = 'dcgan',
): DatasetSummary {
  const list = project.datasets.map((each) => `${each.id} (${each.name})`).join(', ') || 'none yet';
  if (wanted !== undefined) {
    const found = project.datasets.find((each) => each.id === wanted || each.name === wanted);
    if (!found) throw new Error(`This project has no dataset “${wanted}”. Its datasets: ${list}.`);
    return found;
  }
  const withImages = project.datasets.filter(
    (each) =>
      (model === 'dcgan' || each.kind === 'paired') &&
      Object.values(each.counts).some((counts) => counts.images - counts.excluded > 0),
  );
  const [only] = withImages;
  if (withImages.length === 1 && only) return only;
  if (withImages.length === 0) {
    throw new Error(
      model === 'cyclegan'
        ? 'This project has no paired dataset with images: a CycleGAN needs domains A and B.'
        : 'This project has no images yet: import a folder first (ganvas import PROJECT FOLDER).',
    );
  }
  throw new Error(`This project has several datasets; pick one with --dataset. Its datasets: ${list}.`);
}

function batchOf(request: TrainRequest): number {
  return request.settings.batchSize ?? 0;
}

function metricFields(point: MetricPoint, batchSize: number) {
  return {
    step: point.step,
    dLoss: point.dLoss,
    gLoss: point.gLoss,
    dReal: point.dReal,
    dFake: point.dFake,
    imagesPerSecond: point.imagesPerSecond,
    secondsPerStep: point.imagesPerSecond > 0 && batchSize > 0 ? batchSize / point.imagesPerSecond : null,
    ...(point.losses ? { losses: point.losses } : {}),
  };
}

function describePoint(point: MetricPoint): string {
  const losses = point.losses;
  if (losses) {
    const named = Object.entries(losses)
      .map(([name, value]) => `${name} ${value.toFixed(3)}`)
      .join(' · ');
    return `Step ${point.step} · ${named} · ${point.imagesPerSecond.toFixed(1)} images/s`;
  }
  return (
    `Step ${point.step} · D loss ${point.dLoss.toFixed(3)} · G loss ${point.gLoss.toFixed(3)} · ` +
    `D(x) ${point.dReal.toFixed(2)} · D(G(z)) ${point.dFake.toFixed(2)} · ${point.imagesPerSecond.toFixed(0)} images/s`
  );
}

/** The job's end arrives before run.json says how the run ended; wait for that (briefly). */
async function waitForSettled(studio: Studio, projectId: string, runId: string): Promise<RunSummary> {
  for (let attempt = 0; ; attempt++) {
    const run = await callOrThrow(studio, 'runs:get', { projectId, runId });
    if ((run.state !== 'queued' && run.state !== 'running') || attempt >= 50) return run;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}
