import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TranslateDirection, defaultTranslateMaxSide } from '../contract/index.js';
import { callOrThrow } from './call-or-throw.js';
import type { Command } from './command.js';
import { followJob, jobSucceeded } from './follow-job.js';
import { chooseTrainedRun, onProject } from './project-session.js';

export const translateUsage = `  translate PROJECT INPUT... --direction AtoB|BtoA --out DIR [--run ID] [--checkpoint STEP]
                [--max-side N]
                translate images and folders with a CycleGAN run (the newest by default) into PNGs in
                DIR; the originals are only read, and no file is written over`;

const usageLine =
  'Usage: ganvas translate PROJECT INPUT... --direction AtoB|BtoA --out DIR [--run ID] [--checkpoint STEP] [--max-side N] [--json]';

export interface TranslateRequest {
  project: string;
  inputs: string[];
  direction: TranslateDirection;
  out: string;
  runId: string | undefined;
  step: number | undefined;
  maxSide: number;
}

/** `ganvas translate`: the Translate view's folder job, headless. */
export const translateCommand: Command = (studio, output, argv) =>
  onProject(
    studio,
    output,
    usageLine,
    () => parseTranslateArgs(argv),
    async (project, request) => {
      const run = await chooseTrainedRun(studio, project, request.runId, 'cyclegan');
      const end = await followJob(studio, output, {
        start: async () =>
          (
            await callOrThrow(studio, 'translate:folder', {
              projectId: project.id,
              runId: run.id,
              direction: request.direction,
              maxSide: request.maxSide,
              source: { kind: 'paths', paths: request.inputs },
              outDir: request.out,
              ...(request.step === undefined ? {} : { step: request.step }),
            })
          ).jobId,
      });
      if (!jobSucceeded(output, end, 'Stopped; the images translated so far are in the folder.')) return 1;
      const result = (end.result ?? {}) as {
        step?: number;
        written?: string[];
        failed?: { path: string; reason: string }[];
      };
      const written = result.written ?? [];
      const failed = result.failed ?? [];
      output.result(
        { run: { id: run.id, name: run.name }, step: result.step ?? null, out: request.out, written, failed },
        [
          `Translated ${written.length} images ${request.direction === 'AtoB' ? 'A → B' : 'B → A'} with “${run.name}”` +
            `${result.step === undefined ? '' : ` at step ${result.step}`} into ${request.out}`,
          ...failed.map((each) => `Skipped ${each.path}: ${each.reason}`),
        ].join('\n'),
      );
      return 0;
    },
  );

export function parseTranslateArgs(argv: string[]): TranslateRequest {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      direction: { type: 'string' },
      out: { type: 'string' },
      run: { type: 'string' },
      checkpoint: { type: 'string' },
      'max-side': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [project, ...inputs] = positionals;
  if (!project) throw new Error('Name the project folder, then the images or folders to translate.');
  if (inputs.length === 0)
    throw new Error('Name at least one image or folder to translate after the project.');
  const direction = TranslateDirection.safeParse(values.direction);
  if (!direction.success) throw new Error('Say which way with --direction AtoB or --direction BtoA.');
  if (values.out === undefined) throw new Error('Say where the translated images go with --out DIR.');
  const whole = (flag: string, raw: string | undefined, min: number, max: number) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${flag} takes a whole number from ${min} to ${max}, not “${raw}”.`);
    }
    return value;
  };
  return {
    project: resolve(project),
    inputs: inputs.map((input) => resolve(input)),
    direction: direction.data,
    out: resolve(values.out),
    runId: values.run,
    step: whole('checkpoint', values.checkpoint, 0, Number.MAX_SAFE_INTEGER),
    maxSide: whole('max-side', values['max-side'], 64, 1024) ?? defaultTranslateMaxSide,
  };
}
