import { Adam } from '../../main/models/adam.js';
import {
  createPatchDiscriminator,
  createResnetGenerator,
  type CycleganConfig,
} from '../../main/models/cyclegan.js';
import { cycleganStep } from '../../main/models/cyclegan-step.js';
import { ImagePool } from '../../main/models/image-pool.js';
import { randomFor } from '../../main/random/counter-random.js';
import type { BenchCase, BenchContext } from '../bench-case.js';

/** The step issue 7 asks about: Zhu et al.'s model (width 64, 6 residual blocks), batch 1. */
export const cycleganBench = { width: 64, residualBlocks: 6 } as const;

/** The table's label, shared with the PyTorch reference's rows. */
export const cycleganStepLabel = (size: number) => `CycleGAN step ${size} px x1`;

/**
 * One CycleGAN training step as Ganvas trains it: both generators on the LSGAN, cycle (λ 10) and
 * identity (0.5 λ) losses, then both discriminators with 50-image history pools, Adam(2e-4, 0.5).
 * Compares with bench/pytorch/cyclegan_reference.py, which does the same.
 */
export function cycleganStepCase(size: 64 | 128, maxIterations = 20): BenchCase {
  return {
    id: `cyclegan-step-${size}`,
    label: cycleganStepLabel(size),
    skipOn: (backend) =>
      backend === 'cpu' ? 'CycleGAN step: minutes a step on the plain JavaScript backend' : null,
    async measure(context: BenchContext) {
      const { tf } = context;
      const config: CycleganConfig = { size, ...cycleganBench, seed: 1 };
      const networks = {
        generatorAB: createResnetGenerator(config, 'gab'),
        generatorBA: createResnetGenerator({ ...config, seed: 2 }, 'gba'),
        discriminatorA: createPatchDiscriminator(config, 'da'),
        discriminatorB: createPatchDiscriminator({ ...config, seed: 3 }, 'db'),
        generatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
        discriminatorOptimizer: new Adam({ learningRate: 2e-4, beta1: 0.5 }),
      };
      const pixels = size * size * 3;
      const pools = { poolA: new ImagePool(50, pixels), poolB: new ImagePool(50, pixels) };
      const realA = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 2) as never;
      const realB = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 3) as never;
      const step = async (n: number) => {
        const result = cycleganStep(networks, {
          realA,
          realB,
          cycleWeight: 10,
          identityWeight: 0.5,
          ...pools,
          random: randomFor(1, n),
        });
        const scalars = Object.values(result);
        await Promise.all(scalars.map((t) => t.data()));
        tf.dispose(scalars);
      };
      try {
        let started = performance.now();
        await step(0);
        const probe = (performance.now() - started) / 1000;
        context.afterWarmUp?.();
        const iterations = Math.min(maxIterations, Math.max(2, Math.round(context.targetSeconds / probe)));
        const counts: number[] = [];
        started = performance.now();
        for (let i = 1; i <= iterations; i++) {
          await step(i);
          counts.push(tf.memory().numTensors);
        }
        return {
          iterations,
          secondsPerIteration: (performance.now() - started) / 1000 / iterations,
          gflopsPerSecond: null,
          tensorsPerStep:
            counts.length > 1 ? ((counts.at(-1) ?? 0) - (counts[0] ?? 0)) / (counts.length - 1) : 0,
        };
      } finally {
        tf.dispose([realA, realB]);
        for (const model of [
          networks.generatorAB,
          networks.generatorBA,
          networks.discriminatorA,
          networks.discriminatorB,
        ])
          model.dispose();
        networks.generatorOptimizer.dispose();
        networks.discriminatorOptimizer.dispose();
      }
    },
  };
}

/**
 * Translating one image with a trained generator, as the Translate view and `ganvas translate` do:
 * the paper's generator at 256 px (its native size), forward only. Images per second = 1 / s.
 */
export function cycleganTranslateCase(size = 256, maxIterations = 20): BenchCase {
  return {
    id: `cyclegan-translate-${size}`,
    label: `CycleGAN translate ${size} px (s per image)`,
    skipOn: (backend) => (backend === 'cpu' ? 'CycleGAN translate: far too slow on plain JavaScript' : null),
    async measure(context: BenchContext) {
      const { tf } = context;
      const generator = createResnetGenerator(
        { size: 256, ...cycleganBench, residualBlocks: 9, seed: 1 },
        'g',
      );
      const image = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 2);
      const translate = async () => {
        const out = tf.tidy(() => generator.apply(image, { training: false }) as never as typeof image);
        await out.data();
        out.dispose();
      };
      try {
        let started = performance.now();
        await translate();
        const probe = (performance.now() - started) / 1000;
        context.afterWarmUp?.();
        const iterations = Math.min(maxIterations, Math.max(2, Math.round(context.targetSeconds / probe)));
        const counts: number[] = [];
        started = performance.now();
        for (let i = 0; i < iterations; i++) {
          await translate();
          counts.push(tf.memory().numTensors);
        }
        return {
          iterations,
          secondsPerIteration: (performance.now() - started) / 1000 / iterations,
          gflopsPerSecond: null,
          tensorsPerStep:
            counts.length > 1 ? ((counts.at(-1) ?? 0) - (counts[0] ?? 0)) / (counts.length - 1) : 0,
        };
      } finally {
        image.dispose();
        generator.dispose();
      }
    },
  };
}
