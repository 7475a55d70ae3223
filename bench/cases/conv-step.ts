import type { BenchmarkTask } from '../../main/training/trainer-protocol.js';
import { runBenchmark } from '../../main/training/tasks/benchmark-task.js';
import type { BenchCase, BenchContext } from '../bench-case.js';

/**
 * The studio's speed check (a DCGAN discriminator's forward and backward step, batch 16) at one
 * image size, run for about the target time after a one-step probe sizes the run.
 */
export function convStepCase(size: BenchmarkTask['size']): BenchCase {
  return {
    id: `d-step-${size}`,
    label: `DCGAN D fwd+bwd ${size} px x16`,
    async measure(context: BenchContext) {
      const probe = await run(context, size, 1, () => undefined);
      const iterations = Math.min(
        50,
        Math.max(3, Math.round(context.targetSeconds / probe.secondsPerIteration)),
      );
      const counts: number[] = [];
      const result = await run(context, size, iterations, () => counts.push(context.tf.memory().numTensors));
      return {
        iterations,
        secondsPerIteration: result.secondsPerIteration,
        gflopsPerSecond: result.gflopsPerSecond,
        tensorsPerStep:
          counts.length > 1 ? ((counts.at(-1) ?? 0) - (counts[0] ?? 0)) / (counts.length - 1) : 0,
      };
    },
  };
}

function run(context: BenchContext, size: BenchmarkTask['size'], iterations: number, onStep: () => void) {
  return runBenchmark(
    { kind: 'benchmark', iterations, size },
    {
      tf: context.tf,
      backend: context.backend,
      emit: (event) => {
        if (event.type === 'progress' && (event.progress.done ?? 0) > 0) onStep();
      },
      signal: new AbortController().signal,
      clock: () => performance.now(),
      yieldToEventLoop: async () => undefined,
    },
  );
}
