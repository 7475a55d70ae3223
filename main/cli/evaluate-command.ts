import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckpointChoice, CheckpointEvaluation } from '../contract/index.js';
import { callOrThrow } from './call-or-throw.js';
import type { Command } from './command.js';
import { followJob, jobSucceeded } from './follow-job.js';
import { chooseTrainedRun, onProject } from './project-session.js';

export const evaluateUsage = `  evaluate PROJECT [--run ID] [--checkpoint STEP|all] [--count N]
                is it learning? a two-sample test, feature distances, copies and diversity per checkpoint`;

const usageLine = 'Usage: ganvas evaluate PROJECT [--run ID] [--checkpoint STEP|all] [--count N] [--json]';

export interface EvaluateRequest {
  project: string;
  runId: string | undefined;
  checkpoint: CheckpointChoice;
  count: number;
}

/** `ganvas evaluate`: evaluates checkpoints of a run (the newest by default) and prints the results. */
export const evaluateCommand: Command = (studio, output, argv) =>
  onProject(
    studio,
    output,
    usageLine,
    () => parseEvaluateArgs(argv),
    async (project, request) => {
      const run = await chooseTrainedRun(studio, project, request.runId);
      let steps: number[] = [];
      const end = await followJob(studio, output, {
        start: async () => {
          const started = await callOrThrow(studio, 'runs:evaluate', {
            projectId: project.id,
            runId: run.id,
            checkpoint: request.checkpoint,
            count: request.count,
          });
          steps = started.steps;
          return started.jobId;
        },
      });
      if (!jobSucceeded(output, end, 'Stopped; the checkpoints evaluated so far are kept in the run.'))
        return 1;
      const saved = await callOrThrow(studio, 'runs:evaluation', { projectId: project.id, runId: run.id });
      const evaluated = saved.checkpoints.filter((c) => steps.includes(c.step));
      output.result(
        { run: { id: run.id, name: run.name }, checkpoints: evaluated },
        describe(run.name, evaluated),
      );
      return 0;
    },
  );

function describe(name: string, checkpoints: CheckpointEvaluation[]): string {
  const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
  const translations = checkpoints.some((c) => c.subject === 'translations');
  const lines = [
    translations
      ? `Evaluated “${name}” by its translations (domain A translated to B, against domain B):`
      : `Evaluated “${name}”:`,
  ];
  lines.push('  step  classifier (95% CI)  Fréchet  KID×10³  variety  directions  support      copies');
  for (const c of checkpoints) {
    const support = `${c.diversity.support.atLeast ? '>' : '~'}${Math.round(c.diversity.support.support)}`;
    lines.push(
      `  ${String(c.step).padStart(4)}  ${`${percent(c.twoSample.accuracy)} (${percent(c.twoSample.low)}–${percent(c.twoSample.high)})`.padEnd(19)}  ${c.frechetDistance.toPrecision(3).padStart(7)}  ${(c.kernelDistance * 1000).toPrecision(3).padStart(7)}  ${c.diversity.ratio.toFixed(2).padStart(7)}  ${`${c.diversity.generatedDirections}/${c.diversity.realDirections}`.padStart(10)}  ${support.padStart(11)}  ${String(c.memorisation.copyCount).padStart(6)}`,
    );
  }
  const newest = checkpoints.at(-1);
  if (newest) {
    lines.push(`Step ${newest.step}: ${newest.verdict}`);
    for (const warning of newest.warnings) lines.push(`Warning: ${warning.message}`);
    lines.push(`Features: ${newest.features.label}`);
    const pair = newest.memorisation.pairs[0];
    if (pair)
      lines.push(
        `Samples beside their nearest training images: ${pair.sample.replace(/\/[^/]*$/, '/')} in the project`,
      );
  }
  return lines.join('\n');
}

export function parseEvaluateArgs(argv: string[]): EvaluateRequest {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      checkpoint: { type: 'string' },
      count: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new Error('Name one project folder.');
  let checkpoint: CheckpointChoice = 'newest';
  if (values.checkpoint === 'all' || values.checkpoint === 'newest') checkpoint = values.checkpoint;
  else if (values.checkpoint !== undefined) {
    const step = Number(values.checkpoint);
    if (!Number.isInteger(step) || step < 0) {
      throw new Error(`--checkpoint takes a step, “all” or “newest”, not “${values.checkpoint}”.`);
    }
    checkpoint = step;
  }
  const count = values.count === undefined ? 256 : Number(values.count);
  if (!Number.isInteger(count) || count < 16 || count > 1024) {
    throw new Error(`--count takes a whole number from 16 to 1024, not “${values.count}”.`);
  }
  return { project: resolve(project), runId: values.run, checkpoint, count };
}
