import * as tf from '@tensorflow/tfjs';
import type { CycleSettings, TrainingSettings } from '../../contract/index.js';
import { Adam } from '../../models/adam.js';
import {
  createPatchDiscriminator,
  createResnetGenerator,
  type CycleganConfig,
} from '../../models/cyclegan.js';
import { cycleganStep } from '../../models/cyclegan-step.js';
import { ImagePool } from '../../models/image-pool.js';
import { randomFor, seedFor } from '../../random/counter-random.js';
import type { CheckpointManifest, CheckpointMeta, NamedTensor } from './checkpoint-files.js';
import { assertSameArchitecture } from './dcgan-trainer.js';
import type { StepReport } from './gan-model.js';
import { jitter } from './jitter.js';

/** Tag numbers that keep the random streams of different uses apart. */
const streams = { weights: 4, pool: 5, jitterA: 6, jitterB: 7 } as const;

/** The names a CycleGAN's parts have in checkpoints (and in the translate task). */
export const cycleganParts = {
  generatorAB: 'generator-ab',
  generatorBA: 'generator-ba',
  discriminatorA: 'discriminator-a',
  discriminatorB: 'discriminator-b',
} as const;

export function cycleganConfig(settings: TrainingSettings): CycleganConfig {
  const cycle = cycleOf(settings);
  if (settings.size !== 64 && settings.size !== 128 && settings.size !== 256) {
    throw new Error(`A CycleGAN trains at 64, 128 or 256 px, not ${settings.size} px.`);
  }
  return {
    size: settings.size,
    width: settings.width,
    residualBlocks: cycle.residualBlocks,
    seed: seedFor(settings.seed, streams.weights),
  };
}

export function cycleOf(settings: TrainingSettings): CycleSettings {
  if (settings.model !== 'cyclegan' || !settings.cycle) throw new Error('These are not CycleGAN settings.');
  return settings.cycle;
}

/**
 * The learning rate at a step (Zhu et al., section 4): constant for the first part of the run, then
 * falling linearly to zero at the last step.
 */
export function learningRateAt(base: number, step: number, totalSteps: number, decayFrom: number): number {
  const decayStart = Math.floor(totalSteps * decayFrom);
  if (step < decayStart) return base;
  return base * Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - decayStart));
}

/**
 * A CycleGAN in training: two generators, two PatchGAN discriminators, an Adam for each pair, and a
 * history pool per domain. Like DcganTrainer, every random choice is a function of (seed, step,
 * generation), so a checkpoint resumes exactly; the pools' contents are part of the checkpoint.
 */
export class CycleganTrainer {
  readonly generatorAB: tf.LayersModel;
  readonly generatorBA: tf.LayersModel;
  readonly discriminatorA: tf.LayersModel;
  readonly discriminatorB: tf.LayersModel;
  readonly poolA: ImagePool;
  readonly poolB: ImagePool;
  private readonly generatorAdam: Adam;
  private readonly discriminatorAdam: Adam;
  step = 0;
  generation = 0;

  constructor(public settings: TrainingSettings) {
    const config = cycleganConfig(settings);
    const cycle = cycleOf(settings);
    this.generatorAB = createResnetGenerator(config, cycleganParts.generatorAB);
    this.generatorBA = createResnetGenerator(
      { ...config, seed: (config.seed ?? 0) + 2 },
      cycleganParts.generatorBA,
    );
    this.discriminatorA = createPatchDiscriminator(
      { ...config, seed: (config.seed ?? 0) + 4 },
      cycleganParts.discriminatorA,
    );
    this.discriminatorB = createPatchDiscriminator(
      { ...config, seed: (config.seed ?? 0) + 6 },
      cycleganParts.discriminatorB,
    );
    const imageLength = settings.size * settings.size * 3;
    this.poolA = new ImagePool(cycle.poolSize, imageLength);
    this.poolB = new ImagePool(cycle.poolSize, imageLength);
    this.generatorAdam = new Adam({ learningRate: settings.generatorLearningRate, beta1: settings.beta1 });
    this.discriminatorAdam = new Adam({
      learningRate: settings.discriminatorLearningRate,
      beta1: settings.beta1,
    });
  }

  /** One step on the next image of each domain (batches of raw [-1, 1] images the caller owns). */
  async trainStep(nextA: tf.Tensor4D, nextB: tf.Tensor4D): Promise<StepReport> {
    const next = this.step + 1;
    const s = this.settings;
    const cycle = cycleOf(s);
    // The rate of update t: constant, then linearly down to zero (section 4).
    this.generatorAdam.learningRate = learningRateAt(
      s.generatorLearningRate,
      next - 1,
      s.totalSteps,
      cycle.decayFrom,
    );
    this.discriminatorAdam.learningRate = learningRateAt(
      s.discriminatorLearningRate,
      next - 1,
      s.totalSteps,
      cycle.decayFrom,
    );
    const realA = cycle.jitter
      ? jitter(nextA, s.size, randomFor(s.seed, streams.jitterA, next, this.generation))
      : nextA;
    const realB = cycle.jitter
      ? jitter(nextB, s.size, randomFor(s.seed, streams.jitterB, next, this.generation))
      : nextB;
    try {
      const result = cycleganStep(
        {
          generatorAB: this.generatorAB,
          generatorBA: this.generatorBA,
          discriminatorA: this.discriminatorA,
          discriminatorB: this.discriminatorB,
          generatorOptimizer: this.generatorAdam,
          discriminatorOptimizer: this.discriminatorAdam,
        },
        {
          realA,
          realB,
          cycleWeight: cycle.cycleWeight,
          identityWeight: cycle.identityWeight,
          poolA: this.poolA,
          poolB: this.poolB,
          random: randomFor(s.seed, streams.pool, next, this.generation),
        },
      );
      const names = [
        'discriminatorA',
        'discriminatorB',
        'generatorAB',
        'generatorBA',
        'cycle',
        'identity',
        'generatorTotal',
        'dReal',
        'dFake',
      ] as const;
      const scalars = names.map((name) => result[name]);
      try {
        const values = await Promise.all(scalars.map(async (t) => (await t.data())[0] ?? NaN));
        const v = Object.fromEntries(names.map((name, i) => [name, values[i] ?? NaN])) as Record<
          (typeof names)[number],
          number
        >;
        this.step = next;
        return {
          dLoss: v.discriminatorA + v.discriminatorB,
          gLoss: v.generatorTotal,
          dReal: clamp01(v.dReal),
          dFake: clamp01(v.dFake),
          losses: {
            D_A: v.discriminatorA,
            D_B: v.discriminatorB,
            G_AB: v.generatorAB,
            G_BA: v.generatorBA,
            cycle: v.cycle,
            identity: v.identity,
          },
        };
      } finally {
        tf.dispose(scalars);
      }
    } finally {
      if (realA !== nextA) realA.dispose();
      if (realB !== nextB) realB.dispose();
    }
  }

  /** Translates images in [-1, 1] from A to B (or B to A) with the current weights. */
  translate(images: tf.Tensor4D, direction: 'AtoB' | 'BtoA'): tf.Tensor4D {
    const model = direction === 'AtoB' ? this.generatorAB : this.generatorBA;
    return tf.tidy(() => model.apply(images, { training: false }) as tf.Tensor4D);
  }

  snapshot(): {
    tensors: NamedTensor[];
    optimizerSteps: CheckpointMeta['optimizerSteps'];
    dispose: () => void;
  } {
    const g = this.generatorAdam.state();
    const d = this.discriminatorAdam.state();
    const size = this.settings.size;
    const pools = [
      { name: 'pool-a', values: this.poolA.contents() },
      { name: 'pool-b', values: this.poolB.contents() },
    ].map(({ name, values }) => ({
      name,
      tensor: tf.tensor4d(values, [values.length / (size * size * 3), size, size, 3]),
    }));
    const tensors: NamedTensor[] = [
      ...Object.values(cycleganParts).flatMap((part) => weightsOf(part, this.model(part))),
      ...g.m.map((tensor, i) => ({ name: `adam-generator/m/${i}`, tensor })),
      ...g.v.map((tensor, i) => ({ name: `adam-generator/v/${i}`, tensor })),
      ...d.m.map((tensor, i) => ({ name: `adam-discriminator/m/${i}`, tensor })),
      ...d.v.map((tensor, i) => ({ name: `adam-discriminator/v/${i}`, tensor })),
      ...pools,
    ];
    return {
      tensors,
      optimizerSteps: { generator: g.t, discriminator: d.t },
      dispose: () => tf.dispose([...g.m, ...g.v, ...d.m, ...d.v, ...pools.map((pool) => pool.tensor)]),
    };
  }

  restore(manifest: CheckpointManifest, tensors: Map<string, tf.Tensor>): void {
    assertSameArchitecture(manifest.settings, this.settings);
    if (cycleOf(manifest.settings).residualBlocks !== cycleOf(this.settings).residualBlocks) {
      throw new Error(
        'The checkpoint was made with a different number of residual blocks. Start a new run instead.',
      );
    }
    const take = (name: string) => {
      const tensor = tensors.get(name);
      if (!tensor) throw new Error(`The checkpoint at step ${manifest.step} has no ${name}.`);
      return tensor;
    };
    for (const part of Object.values(cycleganParts)) restoreWeights(part, this.model(part), take);
    const moments = (prefix: string, kind: 'm' | 'v') =>
      [...tensors.keys()].filter((name) => name.startsWith(`${prefix}/${kind}/`)).map(take);
    this.generatorAdam.restore({
      t: manifest.optimizerSteps.generator,
      m: moments('adam-generator', 'm'),
      v: moments('adam-generator', 'v'),
    });
    this.discriminatorAdam.restore({
      t: manifest.optimizerSteps.discriminator,
      m: moments('adam-discriminator', 'm'),
      v: moments('adam-discriminator', 'v'),
    });
    this.poolA.restore(take('pool-a').dataSync<'float32'>());
    this.poolB.restore(take('pool-b').dataSync<'float32'>());
    this.step = manifest.step;
    this.generation = manifest.random.generation;
  }

  dispose(): void {
    for (const part of Object.values(cycleganParts)) this.model(part).dispose();
    this.generatorAdam.dispose();
    this.discriminatorAdam.dispose();
  }

  private model(part: (typeof cycleganParts)[keyof typeof cycleganParts]): tf.LayersModel {
    switch (part) {
      case cycleganParts.generatorAB:
        return this.generatorAB;
      case cycleganParts.generatorBA:
        return this.generatorBA;
      case cycleganParts.discriminatorA:
        return this.discriminatorA;
      case cycleganParts.discriminatorB:
        return this.discriminatorB;
    }
  }
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : value;
}

export function weightsOf(prefix: string, model: tf.LayersModel): NamedTensor[] {
  return model.weights.map((weight, i) => ({ name: `${prefix}/${i}`, tensor: weight.read() }));
}

export function restoreWeights(
  prefix: string,
  model: tf.LayersModel,
  take: (name: string) => tf.Tensor,
): void {
  model.weights.forEach((weight, i) => {
    const tensor = take(`${prefix}/${i}`);
    if (tensor.shape.join('x') !== weight.shape.join('x')) {
      throw new Error(
        `The checkpoint's ${prefix} weight ${i} is ${tensor.shape.join('×')}, not ${weight.shape.join('×')}.`,
      );
    }
    weight.write(tensor);
  });
}
