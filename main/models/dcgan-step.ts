import * as tf from '@tensorflow/tfjs';
import { discriminatorLoss, generatorLoss } from './gan-losses.js';

/** tf.Optimizer's minimize, or our own Adam's (whose state a checkpoint can hold exactly). */
export interface StepOptimizer {
  minimize(loss: () => tf.Scalar, returnCost: boolean, variables?: tf.Variable[]): tf.Scalar | null;
}

export interface DcganNetworks {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  generatorOptimizer: StepOptimizer;
  discriminatorOptimizer: StepOptimizer;
}

export interface DcganStepOptions {
  /** Real images in [-1, 1], [batch, size, size, 3]. */
  real: tf.Tensor4D;
  latentDim: number;
  /** One-sided label smoothing for real images (1 = none). */
  realLabel?: number;
  /** Discriminator updates per generator update. */
  discriminatorSteps?: number;
  /** Seeds for z, so a step can be replayed exactly after a resume. */
  seed?: number;
  /**
   * Differentiable augmentation applied to every batch D sees, real and generated, in both updates
   * (Zhao et al., 2020); `call` numbers the uses within the step so each draws its own transforms.
   */
  augment?: (images: tf.Tensor4D, call: number) => tf.Tensor4D;
}

/** What the dashboard plots; read back only on reporting ticks (`dataSync` stalls the pipeline). */
export interface DcganStepResult {
  dLoss: tf.Scalar;
  gLoss: tf.Scalar;
  /** Mean D(x) on real images and mean D(G(z)) on fakes, as probabilities. */
  dReal: tf.Scalar;
  dFake: tf.Scalar;
}

const variablesOf = (model: tf.LayersModel) =>
  model.trainableWeights.map((weight) => weight.read() as tf.Variable);

/**
 * One DCGAN training step (Goodfellow et al., Algorithm 1): k discriminator updates on real and
 * generated batches, then one generator update with the non-saturating loss. Everything transient is
 * disposed; the caller owns (and must dispose) the four returned scalars.
 */
export function dcganStep(networks: DcganNetworks, options: DcganStepOptions): DcganStepResult {
  const batch = options.real.shape[0];
  const latent = (offset: number) =>
    tf.randomNormal(
      [batch, options.latentDim],
      0,
      1,
      'float32',
      options.seed === undefined ? undefined : options.seed + offset,
    );
  let dLoss: tf.Scalar | null = null;
  let dReal: tf.Scalar | null = null;
  let dFake: tf.Scalar | null = null;
  const steps = Math.max(1, Math.floor(options.discriminatorSteps ?? 1));
  const seen = (images: tf.Tensor, call: number) =>
    options.augment ? options.augment(images as tf.Tensor4D, call) : images;
  for (let k = 0; k < steps; k++) {
    tf.dispose([dLoss, dReal, dFake].filter((t): t is tf.Scalar => t !== null));
    const outcome = tf.tidy(() => {
      const fake = networks.generator.apply(latent(k), { training: true }) as tf.Tensor;
      // Filled inside the loss function, which the optimizer runs in its own scope: kept to survive it.
      const means: { real?: tf.Scalar; fake?: tf.Scalar } = {};
      const loss = networks.discriminatorOptimizer.minimize(
        () => {
          const realLogits = networks.discriminator.apply(seen(options.real, 3 * k), {
            training: true,
          }) as tf.Tensor;
          const fakeLogits = networks.discriminator.apply(seen(fake, 3 * k + 1), {
            training: true,
          }) as tf.Tensor;
          means.real = tf.keep(tf.sigmoid(realLogits).mean() as tf.Scalar);
          means.fake = tf.keep(tf.sigmoid(fakeLogits).mean() as tf.Scalar);
          return discriminatorLoss(realLogits, fakeLogits, options.realLabel ?? 1);
        },
        true,
        variablesOf(networks.discriminator),
      ) as tf.Scalar;
      if (!means.real || !means.fake) throw new Error('The discriminator loss was not evaluated.');
      return { loss, meanReal: means.real, meanFake: means.fake };
    });
    dLoss = outcome.loss;
    dReal = outcome.meanReal;
    dFake = outcome.meanFake;
  }
  const gLoss = tf.tidy(
    () =>
      networks.generatorOptimizer.minimize(
        () =>
          generatorLoss(
            networks.discriminator.apply(
              seen(networks.generator.apply(latent(steps), { training: true }) as tf.Tensor, 3 * steps + 2),
              { training: true },
            ) as tf.Tensor,
          ),
        true,
        variablesOf(networks.generator),
      ) as tf.Scalar,
  );
  if (!dLoss || !dReal || !dFake) throw new Error('The discriminator was not updated.');
  return { dLoss, gLoss, dReal, dFake };
}
