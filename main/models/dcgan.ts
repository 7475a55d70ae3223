import * as tf from '@tensorflow/tfjs';

/** What a DCGAN is built from: image size, latent size and a width multiplier. */
export interface DcganConfig {
  /** The contract allows 32, 64 and 128; 256 follows the same rules. */
  size: 32 | 64 | 128 | 256;
  latentDim: number;
  /** Filters of the layer nearest the image; each step towards 4x4 doubles them (Radford et al.: 128 at 64 px). */
  width: number;
  /** Seeds the initial weights, so a run started twice from the same settings is the same run. */
  seed?: number;
}

export const defaultDcganConfig: DcganConfig = { size: 64, latentDim: 100, width: 64 };

/** Number of stride-2 steps between the 4x4 core and the image. */
function upsamplings(size: DcganConfig['size']): number {
  return Math.log2(size / 4);
}

/**
 * Batchnorm's running statistics follow the batches with this momentum (PyTorch's default of 0.1,
 * written the Keras way). Keras's 0.99 lags ~100 steps behind, so early sample grids drawn in
 * inference mode came out flat grey while the model was already learning.
 */
const batchNormMomentum = 0.9;

/**
 * Weights initialised from N(0, 0.02), as in the DCGAN paper (section 4); batchnorm's scale from
 * N(1, 0.02). Each layer draws from its own seed when the model has one.
 */
function initializers(seed: number | undefined) {
  let layer = 0;
  const next = () => (seed === undefined ? {} : { seed: seed * 1000 + layer++ });
  return {
    init: () => tf.initializers.randomNormal({ mean: 0, stddev: 0.02, ...next() }),
    gammaInit: () => tf.initializers.randomNormal({ mean: 1, stddev: 0.02, ...next() }),
  };
}

/**
 * Generator G(z): a projection of z to a 4x4 feature map, then stride-2 transposed convolutions
 * doubling the size each time. Rules from Radford et al.: no pooling, batchnorm in every layer but
 * the output, ReLU inside and tanh at the output (images in [-1, 1]).
 */
export function createGenerator(config: DcganConfig): tf.Sequential {
  const { init, gammaInit } = initializers(config.seed);
  const steps = upsamplings(config.size);
  const model = tf.sequential({ name: 'generator' });
  const coreFilters = config.width * 2 ** (steps - 1);
  model.add(
    tf.layers.dense({
      inputShape: [config.latentDim],
      units: 4 * 4 * coreFilters,
      useBias: false,
      kernelInitializer: init(),
    }),
  );
  model.add(tf.layers.reshape({ targetShape: [4, 4, coreFilters] }));
  model.add(tf.layers.batchNormalization({ momentum: batchNormMomentum, gammaInitializer: gammaInit() }));
  model.add(tf.layers.reLU());
  for (let step = 1; step < steps; step++) {
    model.add(
      tf.layers.conv2dTranspose({
        filters: config.width * 2 ** (steps - 1 - step),
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
      }),
    );
    model.add(tf.layers.batchNormalization({ momentum: batchNormMomentum, gammaInitializer: gammaInit() }));
    model.add(tf.layers.reLU());
  }
  model.add(
    tf.layers.conv2dTranspose({
      filters: 3,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      kernelInitializer: init(),
    }),
  );
  model.add(tf.layers.activation({ activation: 'tanh' }));
  return model;
}

/**
 * Discriminator D(x): stride-2 convolutions halving the size down to 4x4, LeakyReLU(0.2) throughout,
 * batchnorm in every layer but the first (Radford et al.), then one logit. Returning logits (not a
 * sigmoid) keeps the losses numerically stable.
 */
export function createDiscriminator(config: DcganConfig): tf.Sequential {
  const { init, gammaInit } = initializers(config.seed === undefined ? undefined : config.seed + 1);
  const steps = upsamplings(config.size);
  const model = tf.sequential({ name: 'discriminator' });
  for (let step = 0; step < steps; step++) {
    model.add(
      tf.layers.conv2d({
        ...(step === 0 ? { inputShape: [config.size, config.size, 3] } : {}),
        filters: config.width * 2 ** step,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        useBias: step === 0,
        kernelInitializer: init(),
      }),
    );
    if (step > 0)
      model.add(tf.layers.batchNormalization({ momentum: batchNormMomentum, gammaInitializer: gammaInit() }));
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  }
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init() }));
  return model;
}
