import { trainCyclegan } from '../gan/train-cyclegan.js';
import { trainDcgan } from '../gan/train-dcgan.js';
import type { TrainerTask } from '../trainer-protocol.js';
import { runBenchmark } from './benchmark-task.js';
import { evaluateCheckpoints } from './evaluate-task.js';
import { exportArt } from './export-task.js';
import { findDirections, renderLatents } from './render-task.js';
import { sampleImages } from './sample-task.js';
import { translateImages } from './translate-task.js';
import type { TaskContext } from './task-context.js';

/** Dispatches a task to its function; the switch is exhaustive, so a new task kind must be wired here. */
export function runTask(task: TrainerTask, context: TaskContext): Promise<unknown> {
  switch (task.kind) {
    case 'benchmark':
      return runBenchmark(task, context);
    case 'train':
      return task.settings.model === 'cyclegan' ? trainCyclegan(task, context) : trainDcgan(task, context);
    case 'sample':
      return sampleImages(task, context);
    case 'render':
      return renderLatents(task, context);
    case 'directions':
      return findDirections(task, context);
    case 'evaluate':
      return evaluateCheckpoints(task, context);
    case 'translate':
      return translateImages(task, context);
    case 'export':
      return exportArt(task, context);
  }
}
