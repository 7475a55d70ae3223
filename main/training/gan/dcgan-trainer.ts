import * as tf from '@tensorflow/tfjs';
import { architectureKeys, type TrainingSettings } from '../../contract/index.js';
import { Adam } from '../../models/adam.js';
import { createDiscriminator, createGenerator, type DcganConfig } from '../../models/dcgan.js';
import { dcganStep } from '../../models/dcgan-step.js';
import { augment } from '../../models/differentiable-augment.js';
import { EmaGenerator } from '../../models/ema-generator.js';
import { randomFor, seedFor } from '../../random/counter-random.js';
import type { CheckpointManifest, CheckpointMeta, NamedTensor } from './checkpoint-files.js';
import type { DataCursor, ImageBatches } from './image-batches.js';

/** One step's numbers, read back from the four scalars dcganStep returns. */
export interface StepValues {
  dLoss: number;
  gLoss: number;
  dReal: number;
  dFake: number;
}

/** Tag numbers that keep the random streams of different uses apart. */
const streams = { latent: 1, augment: 2, samples: 3, weights: 4 } as const;

/**
 * A DCGAN in training: both networks, their Adam optimizers, the generator's moving average, and
 * the counters that make every step reproducible. Everything a checkpoint needs comes out of
 * snapshot() and goes back in through restore().
 */
export class DcganTrainer {
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;
  readonly ema: EmaGenerator;
  private readonly generatorAdam: Adam;
  private readonly discriminatorAdam: Adam;
  /** Completed steps. */
  step = 0;
  /** Raised at each rollback, so the retried steps draw new noise instead of repeating the failure. */
  generation = 0;

  constructor(public settings: TrainingSettings) {
    const config: DcganConfig = {
      size: settings.size,
      latentDim: settings.latentDim,
      width: settings.width,
      seed: seedFor(settings.seed, streams.weights),
    };
    this.generator = createGenerator(config);
    this.discriminator = createDiscriminator(config);
    this.ema = new EmaGenerator(config, this.generator, settings.emaDecay);
    this.generatorAdam = new Adam({ learningRate: settings.generatorLearningRate, beta1: settings.beta1 });
    this.discriminatorAdam = new Adam({
      learningRate: settings.discriminatorLearningRate,
      beta1: settings.beta1,
    });
  }

  /** One training step (one or more D updates, one G update) on the next batch; reads the losses back. */
  async trainStep(batches: ImageBatches): Promise<StepValues> {
    const next = this.step + 1;
    const s = this.settings;
    const real = batches.next(s.batchSize);
    const augmentRandom = randomFor(s.seed, streams.augment, next, this.generation);
    const policyOn = s.augment.translation || s.augment.cutout || s.augment.colour;
    try {
      const result = dcganStep(
        {
          generator: this.generator,
          discriminator: this.discriminator,
          generatorOptimizer: this.generatorAdam,
          discriminatorOptimizer: this.discriminatorAdam,
        },
        {
          real,
          latentDim: s.latentDim,
          realLabel: s.realLabel,
          discriminatorSteps: s.discriminatorSteps,
          seed: seedFor(s.seed, streams.latent, next, this.generation),
          ...(policyOn
            ? { augment: (images: tf.Tensor4D) => augment(images, s.augment, augmentRandom) }
            : {}),
        },
      );
      const scalars = [result.dLoss, result.gLoss, result.dReal, result.dFake];
      try {
        const [dLoss, gLoss, dReal, dFake] = await Promise.all(
          scalars.map(async (t) => (await t.data())[0] ?? NaN),
        );
        this.step = next;
        this.ema.update(this.generatorAdam.steps);
        return { dLoss: dLoss ?? NaN, gLoss: gLoss ?? NaN, dReal: dReal ?? NaN, dFake: dFake ?? NaN };
      } finally {
        tf.dispose(scalars);
      }
    } finally {
      real.dispose();
    }
  }

  /** The latent batch behind every sample grid of a run: fixed by the seed, the same at every step. */
  fixedLatents(count: number): tf.Tensor2D {
    return tf.randomNormal(
      [count, this.settings.latentDim],
      0,
      1,
      'float32',
      seedFor(this.settings.seed, streams.samples),
    ) as tf.Tensor2D;
  }

  /** Images in [-1, 1] from z, by the moving average (inference mode) or the generator itself. */
  generate(latents: tf.Tensor2D, useEma = this.settings.emaDecay > 0): tf.Tensor4D {
    const model = useEma ? this.ema.model : this.generator;
    return tf.tidy(() => model.apply(latents, { training: false }) as tf.Tensor4D);
  }

  /** Takes new settings (a branch, or more steps), keeping the architecture. */
  changeSettings(settings: TrainingSettings): void {
    assertSameArchitecture(this.settings, settings);
    this.settings = settings;
    this.generatorAdam.learningRate = settings.generatorLearningRate;
    this.discriminatorAdam.learningRate = settings.discriminatorLearningRate;
  }

  /** Live tensors in a fixed order with stable names; read them before the next step changes them. */
  snapshot(): {
    tensors: NamedTensor[];
    optimizerSteps: CheckpointMeta['optimizerSteps'];
    dispose: () => void;
  } {
    const g = this.generatorAdam.state();
    const d = this.discriminatorAdam.state();
    const tensors: NamedTensor[] = [
      ...weightsOf('generator', this.generator),
      ...weightsOf('discriminator', this.discriminator),
      ...weightsOf('ema', this.ema.model),
      ...g.m.map((tensor, i) => ({ name: `adam-generator/m/${i}`, tensor })),
      ...g.v.map((tensor, i) => ({ name: `adam-generator/v/${i}`, tensor })),
      ...d.m.map((tensor, i) => ({ name: `adam-discriminator/m/${i}`, tensor })),
      ...d.v.map((tensor, i) => ({ name: `adam-discriminator/v/${i}`, tensor })),
    ];
    return {
      tensors,
      optimizerSteps: { generator: g.t, discriminator: d.t },
      dispose: () => tf.dispose([...g.m, ...g.v, ...d.m, ...d.v]),
    };
  }

  /** Puts a checkpoint's state back; the tensors stay the caller's to dispose. */
  restore(manifest: CheckpointManifest, tensors: Map<string, tf.Tensor>): DataCursor {
    assertSameArchitecture(manifest.settings, this.settings);
    const take = (name: string) => {
      const tensor = tensors.get(name);
      if (!tensor) throw new Error(`The checkpoint at step ${manifest.step} has no ${name}.`);
      return tensor;
    };
    restoreWeights('generator', this.generator, take);
    restoreWeights('discriminator', this.discriminator, take);
    restoreWeights('ema', this.ema.model, take);
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
    this.step = manifest.step;
    this.generation = manifest.random.generation;
    return manifest.random.cursor;
  }

  dispose(): void {
    this.generator.dispose();
    this.discriminator.dispose();
    this.ema.dispose();
    this.generatorAdam.dispose();
    this.discriminatorAdam.dispose();
  }
}

function weightsOf(prefix: string, model: tf.LayersModel): NamedTensor[] {
  return model.weights.map((weight, i) => ({ name: `${prefix}/${i}`, tensor: weight.read() }));
}

function restoreWeights(prefix: string, model: tf.LayersModel, take: (name: string) => tf.Tensor): void {
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

export function assertSameArchitecture(saved: TrainingSettings, wanted: TrainingSettings): void {
  const changed = architectureKeys.filter((key) => saved[key] !== wanted[key]);
  if (changed.length > 0) {
    throw new Error(
      `The checkpoint was made with a different model (${changed.map((key) => `${key} ${saved[key]} → ${wanted[key]}`).join(', ')}); ` +
        'a run can change its training settings but not the model’s shape. Start a new run instead.',
    );
  }
}
