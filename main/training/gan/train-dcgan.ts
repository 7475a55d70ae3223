import type { TaskContext } from '../tasks/task-context.js';
import type { TrainTask } from '../trainer-protocol.js';
import { openDcgan, type DcganRun } from './dcgan-run.js';
import type { DcganTrainer } from './dcgan-trainer.js';
import { trainGan, type TrainGanDeps, type TrainGanResult } from './train-gan.js';

export interface TrainDcganDeps extends Omit<TrainGanDeps<DcganRun>, 'beforeStep'> {
  /** Called before each step: tests use it to break a step on purpose. */
  beforeStep?: (trainer: DcganTrainer) => void;
}

/** Trains a DCGAN run (Goodfellow et al., Algorithm 1, with Radford et al.'s model) with the shared loop. */
export function trainDcgan(
  task: TrainTask,
  context: TaskContext,
  deps: TrainDcganDeps = {},
): Promise<TrainGanResult> {
  const { beforeStep, ...rest } = deps;
  return trainGan(task, context, openDcgan, {
    ...rest,
    ...(beforeStep ? { beforeStep: (run: DcganRun) => beforeStep(run.trainer) } : {}),
  });
}
