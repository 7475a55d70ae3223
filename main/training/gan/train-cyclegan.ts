import type { TaskContext } from '../tasks/task-context.js';
import type { TrainTask } from '../trainer-protocol.js';
import { openCyclegan, type CycleganRun } from './cyclegan-run.js';
import { trainGan, type TrainGanDeps, type TrainGanResult } from './train-gan.js';

/** Trains a CycleGAN run (Zhu et al.) between a paired dataset's domains A and B with the shared loop. */
export function trainCyclegan(
  task: TrainTask,
  context: TaskContext,
  deps: TrainGanDeps<CycleganRun> = {},
): Promise<TrainGanResult> {
  return trainGan(task, context, openCyclegan, deps);
}
