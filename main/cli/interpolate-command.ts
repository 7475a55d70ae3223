import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LatentPoint, type Favorite, type PathOptions } from '../contract/index.js';
import { callOrThrow } from './call-or-throw.js';
import type { Command } from './command.js';
import { chooseTrainedRun, onProject } from './project-session.js';

export const interpolateUsage = `  interpolate PROJECT --from SEED|FAV --to SEED|FAV [--via SEED|FAV ...] [--frames N] [--mode lerp|slerp]
                [--loop] [--run ID] [--checkpoint STEP] --out DIR
                write the frames of a path between seeds or favourites (by name) as PNGs`;

const usageLine =
  'Usage: ganvas interpolate PROJECT --from SEED|FAV --to SEED|FAV [--via SEED|FAV ...] [--frames N] [--mode lerp|slerp] [--loop] [--run ID] [--checkpoint STEP] --out DIR [--json]';

/** Frames drawn per request (the service draws at most 64 at a time). */
const batch = 32;

export interface InterpolateRequest {
  project: string;
  stops: string[];
  frames: number;
  options: PathOptions;
  runId: string | undefined;
  step: number | undefined;
  out: string;
}

/** `ganvas interpolate`: the explorer's timeline, rendered frame by frame into a folder. */
export const interpolateCommand: Command = (studio, output, argv) =>
  onProject(
    studio,
    output,
    usageLine,
    () => parseInterpolateArgs(argv),
    async (project, request) => {
      const favorites = await callOrThrow(studio, 'favorites:list', { projectId: project.id });
      const keyframes = request.stops.map((stop) => pointFor(stop, favorites));
      const run = await chooseTrainedRun(
        studio,
        project,
        request.runId ?? favoriteRun(request.stops, favorites),
        'dcgan',
      );
      await mkdir(request.out, { recursive: true });
      const steps = request.options.loop ? request.frames : Math.max(1, request.frames - 1);
      const files: string[] = [];
      let step: number | null = null;
      for (let start = 0; start < request.frames; start += batch) {
        const count = Math.min(batch, request.frames - start);
        const drawn = await callOrThrow(studio, 'latent:render', {
          projectId: project.id,
          runId: run.id,
          ...(request.step === undefined ? {} : { step: request.step }),
          specs: Array.from({ length: count }, (_, i) => ({
            path: keyframes,
            options: request.options,
            t: (start + i) / steps,
          })),
        });
        step = drawn.step;
        for (const [i, image] of drawn.images.entries()) {
          const path = join(request.out, `frame-${String(start + i + 1).padStart(4, '0')}.png`);
          await writeFile(path, Buffer.from(image.slice(image.indexOf(',') + 1), 'base64'));
          files.push(path);
        }
        output.progress(
          { done: start + count, total: request.frames },
          `Frame ${start + count} of ${request.frames}`,
        );
      }
      output.result(
        { run: { id: run.id, name: run.name }, step, out: request.out, files },
        `Wrote ${files.length} frames from “${run.name}” at step ${step} to ${request.out}`,
      );
      return 0;
    },
  );

export function parseInterpolateArgs(argv: string[]): InterpolateRequest {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      via: { type: 'string', multiple: true },
      frames: { type: 'string' },
      mode: { type: 'string' },
      loop: { type: 'boolean' },
      run: { type: 'string' },
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new Error('Name one project folder.');
  if (!values.from || !values.to) throw new Error('Say where the path starts and ends with --from and --to.');
  if (!values.out) throw new Error('Say where the frames go with --out DIR.');
  const frames = Number(values.frames ?? 48);
  if (!Number.isInteger(frames) || frames < 2 || frames > 10_000) throw new Error('--frames is 2 to 10000.');
  const mode = values.mode ?? 'slerp';
  if (mode !== 'lerp' && mode !== 'slerp') throw new Error('--mode is lerp or slerp.');
  const step = values.checkpoint === undefined ? undefined : Number(values.checkpoint);
  if (step !== undefined && (!Number.isInteger(step) || step < 0))
    throw new Error('--checkpoint is a step number.');
  return {
    project: resolve(project),
    stops: [values.from, ...(values.via ?? []), values.to],
    frames,
    options: { mode, easing: 'ease-in-out', loop: values.loop === true },
    runId: values.run,
    step,
    out: resolve(values.out),
  };
}

/** A number is a seed; anything else names a favourite. */
export function pointFor(stop: string, favorites: Favorite[]): LatentPoint {
  if (/^\d+$/.test(stop)) return LatentPoint.parse({ seed: Number(stop) });
  const favorite = favorites.find((each) => each.name === stop || each.id === stop);
  if (!favorite) {
    const known = favorites.map((each) => `“${each.name}”`).join(', ') || 'none yet';
    throw new Error(`“${stop}” is neither a seed nor a favourite of this project (favourites: ${known}).`);
  }
  return favorite.point;
}

export function favoriteRun(stops: string[], favorites: Favorite[]): string | undefined {
  return favorites.find((favorite) => stops.includes(favorite.name) || stops.includes(favorite.id))?.runId;
}
