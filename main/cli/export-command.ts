import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AnimationFormat, type LatentPoint } from '../contract/index.js';
import type { Studio } from '../studio.js';
import { callOrThrow } from './call-or-throw.js';
import type { CliOutput } from './cli-output.js';
import type { Command } from './command.js';
import { followJob, jobSucceeded } from './follow-job.js';
import { favoriteRun, pointFor } from './interpolate-command.js';
import { chooseTrainedRun, onProject } from './project-session.js';

export const exportUsage = `  export PROJECT --what image|sheet|animation|model|archive --out PATH [options]
                image, sheet: --seed N|FAV ... or --seeds FROM-TO, [--size PX] [--kernel nearest|lanczos]
                  [--truncation T]; sheet: [--columns N] [--spacing PX] [--background #RRGGBB] [--captions]
                animation: --from SEED|FAV --to SEED|FAV [--via ...] [--format gif,mp4,webm,webp,png-frames]
                  [--fps N] [--seconds S] [--size PX] [--mode lerp|slerp] [--once]
                timeline: the run's sample grids as an animation (the training time-machine),
                  [--format ...] [--fps N] [--scale K] [--once]
                model: [--directions N] (a TensorFlow.js model folder and a web page)
                archive: [--run ID] (the project, or one run, as a zip)
                all: [--run ID] [--checkpoint STEP] [--overwrite]`;

const usageLine =
  'Usage: ganvas export PROJECT --what image|sheet|animation|timeline|model|archive --out PATH [options] [--json] (see ganvas --help)';

const whats = ['image', 'sheet', 'animation', 'timeline', 'model', 'archive'] as const;
type What = (typeof whats)[number];

export interface ExportRequest {
  project: string;
  what: What;
  out: string;
  stops: string[];
  runId: string | undefined;
  step: number | undefined;
  overwrite: boolean;
  size: number | undefined;
  kernel: 'nearest' | 'lanczos';
  truncation: number;
  columns: number | undefined;
  spacing: number;
  background: string;
  captions: boolean;
  formats: AnimationFormat[];
  fps: number;
  seconds: number;
  mode: 'lerp' | 'slerp';
  loop: boolean;
  directions: number;
  scale: number;
}

/** `ganvas export`: the Export view's exports from the command line, each a job followed to its end. */
export const exportCommand: Command = (studio, output, argv) =>
  onProject(
    studio,
    output,
    usageLine,
    () => parseExportArgs(argv),
    async (project, request) => {
      const favorites = await callOrThrow(studio, 'favorites:list', { projectId: project.id });
      const stepArg = request.step === undefined ? {} : { step: request.step };
      const common = { out: request.out, overwrite: request.overwrite };
      let start: () => Promise<string>;
      let label: string;
      if (request.what === 'archive') {
        start = async () =>
          (
            await callOrThrow(studio, 'export:archive', {
              projectId: project.id,
              ...(request.runId === undefined ? {} : { runId: request.runId }),
              ...common,
            })
          ).jobId;
        label = 'the archive';
      } else {
        const run = await chooseTrainedRun(
          studio,
          project,
          request.runId ?? favoriteRun(request.stops, favorites),
        );
        const source = { projectId: project.id, runId: run.id, ...stepArg, ...common };
        const points = request.stops.map((stop): { point: LatentPoint; name?: string } => {
          const point = pointFor(stop, favorites);
          const isSeed = /^\d+$/.test(stop);
          return {
            point: isSeed ? { ...point, truncation: request.truncation } : point,
            ...(isSeed ? {} : { name: stop }),
          };
        });
        const sizeArg = request.size === undefined ? {} : { size: request.size };
        label = `“${run.name}”`;
        start = async () => {
          switch (request.what) {
            case 'image':
              return (
                await callOrThrow(studio, 'export:images', {
                  ...source,
                  items: points,
                  ...sizeArg,
                  kernel: request.kernel,
                })
              ).jobId;
            case 'sheet':
              return (
                await callOrThrow(studio, 'export:sheet', {
                  ...source,
                  items: points,
                  columns: request.columns ?? Math.ceil(Math.sqrt(points.length)),
                  ...(request.size === undefined ? {} : { cellSize: request.size }),
                  spacing: request.spacing,
                  background: request.background,
                  captions: request.captions,
                  kernel: request.kernel,
                })
              ).jobId;
            case 'animation':
              return (
                await callOrThrow(studio, 'export:animation', {
                  ...source,
                  keyframes: points.map((p) => p.point),
                  options: { mode: request.mode, easing: 'ease-in-out', loop: request.loop },
                  formats: request.formats,
                  ...sizeArg,
                  fps: request.fps,
                  seconds: request.seconds,
                  repeat: request.loop,
                  kernel: request.kernel,
                })
              ).jobId;
            case 'timeline':
              return (
                await callOrThrow(studio, 'export:timeline', {
                  projectId: project.id,
                  runId: run.id,
                  ...common,
                  formats: request.formats,
                  fps: request.fps,
                  repeat: request.loop,
                  scale: request.scale,
                })
              ).jobId;
            default:
              return (
                await callOrThrow(studio, 'export:model', { ...source, directions: request.directions })
              ).jobId;
          }
        };
      }
      return finish(studio, output, start, label);
    },
  );

async function finish(
  studio: Studio,
  output: CliOutput,
  start: () => Promise<string>,
  label: string,
): Promise<number> {
  const end = await followJob(studio, output, { start });
  if (!jobSucceeded(output, end, 'Stopped; nothing was left half-written.')) return 1;
  const result = (end.result ?? {}) as { files?: string[]; step?: number };
  const files = result.files ?? [];
  output.result(
    { step: result.step ?? null, files },
    `Wrote ${files.length === 1 ? files[0] : `${files.length} files`} from ${label}${result.step === undefined ? '' : ` at step ${result.step}`}`,
  );
  return 0;
}

function number(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  integer = true,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} is ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
  }
  return n;
}

export function parseExportArgs(argv: string[]): ExportRequest {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      what: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', multiple: true },
      seeds: { type: 'string' },
      from: { type: 'string' },
      via: { type: 'string', multiple: true },
      to: { type: 'string' },
      size: { type: 'string' },
      kernel: { type: 'string' },
      truncation: { type: 'string' },
      columns: { type: 'string' },
      spacing: { type: 'string' },
      background: { type: 'string' },
      captions: { type: 'boolean' },
      format: { type: 'string' },
      fps: { type: 'string' },
      seconds: { type: 'string' },
      mode: { type: 'string' },
      once: { type: 'boolean' },
      directions: { type: 'string' },
      scale: { type: 'string' },
      run: { type: 'string' },
      checkpoint: { type: 'string' },
      overwrite: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new Error('Name one project folder.');
  const what = values.what as What | undefined;
  if (!what || !whats.includes(what)) throw new Error(`Say what to export with --what ${whats.join('|')}.`);
  if (!values.out) throw new Error('Say where the export goes with --out PATH.');
  let stops: string[] = [];
  if (what === 'animation') {
    if (!values.from || !values.to)
      throw new Error('An animation needs --from and --to (seeds or favourites).');
    stops = [values.from, ...(values.via ?? []), values.to];
  } else if (what === 'image' || what === 'sheet') {
    stops = [...(values.seed ?? [])];
    if (values.seeds !== undefined) {
      const range = /^(\d+)-(\d+)$/.exec(values.seeds);
      const [from, to] = [Number(range?.[1]), Number(range?.[2])];
      if (!range || to < from || to - from >= 10_000)
        throw new Error('--seeds is a range like 0-15 (at most 10000).');
      for (let seed = from; seed <= to; seed++) stops.push(String(seed));
    }
    if (stops.length === 0)
      throw new Error('Say which images with --seed N (or a favourite) or --seeds FROM-TO.');
  }
  const kernel = values.kernel ?? 'lanczos';
  if (kernel !== 'nearest' && kernel !== 'lanczos') throw new Error('--kernel is nearest or lanczos.');
  const mode = values.mode ?? 'slerp';
  if (mode !== 'lerp' && mode !== 'slerp') throw new Error('--mode is lerp or slerp.');
  const formats = (values.format ?? 'gif,mp4').split(',').map((f) => f.trim());
  const badFormat = formats.find((f) => !AnimationFormat.safeParse(f).success);
  if (badFormat !== undefined)
    throw new Error(`--format takes ${AnimationFormat.options.join(', ')} (not “${badFormat}”).`);
  const background = values.background ?? '#111111';
  if (!/^#[0-9a-fA-F]{6}$/.test(background)) throw new Error('--background is a colour like #1a1a1a.');
  return {
    project: resolve(project),
    what,
    out: resolve(values.out),
    stops,
    runId: values.run,
    step: number(values.checkpoint, 'checkpoint', 0, Number.MAX_SAFE_INTEGER),
    overwrite: values.overwrite === true,
    size: number(values.size, 'size', 16, 4096),
    kernel,
    truncation: number(values.truncation, 'truncation', 0, 3, false) ?? 1,
    columns: number(values.columns, 'columns', 1, 64),
    spacing: number(values.spacing, 'spacing', 0, 256) ?? 8,
    background,
    captions: values.captions === true,
    formats: formats as AnimationFormat[],
    fps: number(values.fps, 'fps', 1, 60) ?? (what === 'timeline' ? 8 : 24),
    seconds: number(values.seconds, 'seconds', 0.2, 120, false) ?? 3,
    mode,
    loop: values.once !== true,
    directions: number(values.directions, 'directions', 0, 32) ?? 8,
    scale: number(values.scale, 'scale', 1, 8) ?? 1,
  };
}
