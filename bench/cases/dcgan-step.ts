import { Adam } from '../../main/models/adam.js';
import { createDiscriminator, createGenerator, type DcganConfig } from '../../main/models/dcgan.js';
import { dcganStep } from '../../main/models/dcgan-step.js';
import type { BenchCase, BenchContext } from '../bench-case.js';

/** The step issue 4 asks about: Radford et al.'s model (width 64, z of 100), batch 64. */
export const dcganBench = { batch: 64, latentDim: 100, width: 64 } as const;

/**
 * One DCGAN training step as Ganvas trains it: one discriminator update and one non-saturating
 * generator update with Adam(2e-4, 0.5), batch 64, no augmentation (so it compares with the
 * PyTorch reference in bench/pytorch/, which does the same). Timed after one warm-up step, each
 * step reading its losses back so asynchronous backends finish it.
 */
export function dcganStepCase(size: 32 | 64, maxIterations = 30): BenchCase {
  return {
    id: `dcgan-step-${size}`,
    label: `DCGAN step ${size} px x${dcganBench.batch}`,
    skipOn: (backend) =>
      backend === 'cpu' && size > 32
        ? `DCGAN step ${size} px: several minutes a step on the plain JavaScript backend; see its 32 px figure`
        : null,
    async measure(context: BenchContext) {
      const { tf } = context;
      const config: DcganConfig = { size, latentDim: dcganBench.latentDim, width: dcganBench.width, seed: 1 };
      const networks = {
        generator: createGenerator(config),
        discriminator: createDiscriminator(config),
        generatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
        discriminatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
      };
      const real = tf.randomUniform([dcganBench.batch, size, size, 3], -1, 1, 'float32', 2);
      const step = async (seed: number) => {
        const result = dcganStep(networks, { real: real as never, latentDim: config.latentDim, seed });
        const scalars = [result.dLoss, result.gLoss, result.dReal, result.dFake];
        await Promise.all(scalars.map((t) => t.data()));
        tf.dispose(scalars);
      };
      try {
        let started = performance.now();
        await step(0); // warm-up: kernels set up, optimizer moments created
        const probe = (performance.now() - started) / 1000;
        context.afterWarmUp?.();
        const iterations = Math.min(maxIterations, Math.max(1, Math.round(context.targetSeconds / probe)));
        const counts: number[] = [];
        started = performance.now();
        for (let i = 1; i <= iterations; i++) {
          await step(i);
          counts.push(tf.memory().numTensors);
        }
        const secondsPerIteration = (performance.now() - started) / 1000 / iterations;
        return {
          iterations,
          secondsPerIteration,
          gflopsPerSecond: null,
          tensorsPerStep:
            counts.length > 1 ? ((counts.at(-1) ?? 0) - (counts[0] ?? 0)) / (counts.length - 1) : 0,
        };
      } finally {
        real.dispose();
        networks.generator.dispose();
        networks.discriminator.dispose();
        networks.generatorOptimizer.dispose();
        networks.discriminatorOptimizer.dispose();
      }
    },
  };
}
