import type { HealthWarning, RunState, RunSummary } from '$contract';

/** A run's state in the words the dashboard and the run list show. */
export const runStateWords: Record<RunState, string> = {
  queued: 'Starting',
  running: 'Training',
  paused: 'Paused',
  stopped: 'Stopped',
  finished: 'Finished',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** What the user can do with a run now, decided from what the service will accept. */
export type RunAction =
  /** It trains (or is about to): pause or stop it. */
  | { kind: 'halt' }
  /** It rests before its last step: resume from the newest checkpoint. */
  | { kind: 'resume'; fromStep: number }
  /** It reached its last step (or its newest checkpoint did): only more steps go on. */
  | { kind: 'extend'; fromStep: number }
  /** It ended before its first checkpoint: nothing to go on from. */
  | { kind: 'none' };

export function isTraining(run: RunSummary): boolean {
  return run.state === 'running' || run.state === 'queued';
}

/** Mirrors training:resume, which goes on from the newest checkpoint and refuses when that is the end. */
export function runAction(run: RunSummary): RunAction {
  if (isTraining(run)) return { kind: 'halt' };
  const newest = run.checkpoints.at(-1);
  if (!newest) return { kind: 'none' };
  if (newest.step >= run.settings.totalSteps) return { kind: 'extend', fromStep: newest.step };
  return { kind: 'resume', fromStep: newest.step };
}

/** A run that would train on if asked, so the list flags it (an interrupted run most of all). */
export function awaitsResume(run: RunSummary): boolean {
  return run.state !== 'finished' && runAction(run).kind === 'resume';
}

const warningTitles: Record<HealthWarning['code'], string> = {
  'discriminator-wins': 'The discriminator is winning',
  'mode-collapse': 'The samples look alike',
  oscillation: 'The losses swing back and forth',
  'rolled-back': 'Training went back to a checkpoint',
  'small-dataset': 'A small dataset',
  copies: 'Samples copy training images',
};

export function warningTitle(warning: HealthWarning): string {
  return warningTitles[warning.code];
}

/**
 * Seconds until the run reaches its last step at the speed it goes now; null when it does not train or
 * there is no speed yet. The job's own estimate is preferred when there is one.
 */
export function secondsLeft(run: RunSummary, imagesPerSecond: number | undefined): number | null {
  if (!isTraining(run) || !imagesPerSecond || imagesPerSecond <= 0) return null;
  const steps = Math.max(0, run.settings.totalSteps - run.step);
  return (steps * run.settings.batchSize) / imagesPerSecond;
}
