import * as tf from '@tensorflow/tfjs';
import { lsganDiscriminatorLoss, lsganGeneratorLoss, meanAbsoluteError } from './cyclegan-losses.js';
import type { StepOptimizer } from './dcgan-step.js';
import type { ImagePool } from './image-pool.js';

/** Code names after ARCHITECTURE.md: G_AB is the paper's G: X→Y, G_BA its F: Y→X; D_A judges A, D_B judges B. */
export interface CycleganNetworks {
  generatorAB: tf.LayersModel;
  generatorBA: tf.LayersModel;
  discriminatorA: tf.LayersModel;
  discriminatorB: tf.LayersModel;
  /** One optimizer over both generators, one over both discriminators (as Zhu et al.'s code does). */
  generatorOptimizer: PartsOptimizer;
  discriminatorOptimizer: StepOptimizer;
}

export interface CycleganStepOptions {
  /** Real images of each domain in [-1, 1], [batch, size, size, 3], already cropped and flipped. */
  realA: tf.Tensor4D;
  realB: tf.Tensor4D;
  /** λ of the cycle-consistency loss (Zhu et al., eq. 3: 10). */
  cycleWeight: number;
  /** The identity loss's weight as a fraction of λ (Zhu et al., section 5.2: 0.5); 0 turns it off. */
  identityWeight: number;
  poolA: ImagePool;
  poolB: ImagePool;
  /** Uniform numbers for the pools' swaps. */
  random: () => number;
}

/** The six losses the dashboard plots, and D's mean scores on real and pooled fake images. */
export interface CycleganStepResult {
  discriminatorA: tf.Scalar;
  discriminatorB: tf.Scalar;
  generatorAB: tf.Scalar;
  generatorBA: tf.Scalar;
  cycle: tf.Scalar;
  identity: tf.Scalar;
  generatorTotal: tf.Scalar;
  dReal: tf.Scalar;
  dFake: tf.Scalar;
}

/** An optimizer that steps down the gradient of a sum of separately differentiated losses. */
export interface PartsOptimizer {
  minimizeParts(parts: Array<() => tf.Scalar>, variables: tf.Variable[]): tf.Scalar;
}

const variablesOf = (...models: tf.LayersModel[]) =>
  models.flatMap((model) => model.trainableWeights.map((weight) => weight.read() as tf.Variable));

/**
 * One CycleGAN step (Zhu et al., eq. 3, with the least-squares adversarial loss): first both
 * generators together on L_GAN(G, D_B) + L_GAN(F, D_A) + λ·L_cyc(G, F) + λ·w_id·L_identity, then
 * both discriminators on real images against generated ones drawn through the history pools. The
 * caller owns (and disposes) the returned scalars; everything else is disposed here.
 */
export function cycleganStep(networks: CycleganNetworks, options: CycleganStepOptions): CycleganStepResult {
  const { realA, realB } = options;
  const apply = (model: tf.LayersModel, x: tf.Tensor) => model.apply(x, { training: true }) as tf.Tensor4D;
  const kept: Partial<
    Record<'fakeA' | 'fakeB' | 'generatorAB' | 'generatorBA' | 'cycleA' | 'cycleB' | 'identity', tf.Tensor>
  > = {};

  // The generators' loss, in three parts that share no activations, each differentiated on its own
  // tape (the gradient of the sum is the sum of the gradients): six generator passes would otherwise
  // be alive at once, which at 128 px outgrows the wasm heap.
  const parts: Array<() => tf.Scalar> = [
    () => {
      // A → B, judged by D_B, and back: F(G(a)) ≈ a (eq. 2, first half).
      const fakeB = apply(networks.generatorAB, realA);
      const adversarial = lsganGeneratorLoss(apply(networks.discriminatorB, fakeB));
      const cycle = meanAbsoluteError(apply(networks.generatorBA, fakeB), realA);
      kept.fakeB = tf.keep(fakeB);
      kept.generatorAB = tf.keep(adversarial);
      kept.cycleA = tf.keep(cycle);
      return tf.add(adversarial, tf.mul(cycle, options.cycleWeight)) as tf.Scalar;
    },
    () => {
      // B → A, judged by D_A, and back: G(F(b)) ≈ b (eq. 2, second half).
      const fakeA = apply(networks.generatorBA, realB);
      const adversarial = lsganGeneratorLoss(apply(networks.discriminatorA, fakeA));
      const cycle = meanAbsoluteError(apply(networks.generatorAB, fakeA), realB);
      kept.fakeA = tf.keep(fakeA);
      kept.generatorBA = tf.keep(adversarial);
      kept.cycleB = tf.keep(cycle);
      return tf.add(adversarial, tf.mul(cycle, options.cycleWeight)) as tf.Scalar;
    },
  ];
  if (options.identityWeight > 0) {
    // Identity (section 5.2): a generator fed its own target domain should change nothing, which
    // keeps colours from drifting.
    parts.push(() => {
      const identity = tf.add(
        meanAbsoluteError(apply(networks.generatorAB, realB), realB),
        meanAbsoluteError(apply(networks.generatorBA, realA), realA),
      ) as tf.Scalar;
      kept.identity = tf.keep(identity);
      return tf.mul(identity, options.cycleWeight * options.identityWeight) as tf.Scalar;
    });
  } else {
    kept.identity = tf.scalar(0);
  }
  const generatorTotal = networks.generatorOptimizer.minimizeParts(
    parts,
    variablesOf(networks.generatorAB, networks.generatorBA),
  );
  const cycle = kept.cycleA && kept.cycleB ? (tf.add(kept.cycleA, kept.cycleB) as tf.Scalar) : null;
  tf.dispose([kept.cycleA, kept.cycleB].filter((t): t is tf.Tensor => t !== undefined));
  const { fakeA, fakeB } = kept;
  if (!fakeA || !fakeB || !kept.generatorAB || !kept.generatorBA || !cycle || !kept.identity) {
    throw new Error('The generator loss was not evaluated.');
  }

  const pooledA = fromPool(options.poolA, fakeA as tf.Tensor4D, options.random);
  const pooledB = fromPool(options.poolB, fakeB as tf.Tensor4D, options.random);
  tf.dispose([fakeA, fakeB]);
  const scores: Partial<Record<'discriminatorA' | 'discriminatorB' | 'dReal' | 'dFake', tf.Scalar>> = {};
  try {
    tf.tidy(() => {
      const total = networks.discriminatorOptimizer.minimize(
        () => {
          const realScoresA = apply(networks.discriminatorA, realA);
          const fakeScoresA = apply(networks.discriminatorA, pooledA);
          const realScoresB = apply(networks.discriminatorB, realB);
          const fakeScoresB = apply(networks.discriminatorB, pooledB);
          const lossA = lsganDiscriminatorLoss(realScoresA, fakeScoresA);
          const lossB = lsganDiscriminatorLoss(realScoresB, fakeScoresB);
          scores.discriminatorA = tf.keep(lossA);
          scores.discriminatorB = tf.keep(lossB);
          scores.dReal = tf.keep(
            tf.mul(0.5, tf.add(tf.mean(realScoresA), tf.mean(realScoresB))) as tf.Scalar,
          );
          scores.dFake = tf.keep(
            tf.mul(0.5, tf.add(tf.mean(fakeScoresA), tf.mean(fakeScoresB))) as tf.Scalar,
          );
          return tf.add(lossA, lossB) as tf.Scalar;
        },
        true,
        variablesOf(networks.discriminatorA, networks.discriminatorB),
      );
      if (total) tf.dispose(total);
    });
  } finally {
    tf.dispose([pooledA, pooledB]);
  }
  if (!scores.discriminatorA || !scores.discriminatorB || !scores.dReal || !scores.dFake) {
    throw new Error('The discriminator loss was not evaluated.');
  }
  return {
    discriminatorA: scores.discriminatorA,
    discriminatorB: scores.discriminatorB,
    generatorAB: kept.generatorAB as tf.Scalar,
    generatorBA: kept.generatorBA as tf.Scalar,
    cycle,
    identity: kept.identity as tf.Scalar,
    generatorTotal,
    dReal: scores.dReal,
    dFake: scores.dFake,
  };
}

/** Generated images swapped through a history pool, back as a tensor of the same shape. */
function fromPool(pool: ImagePool, generated: tf.Tensor4D, random: () => number): tf.Tensor4D {
  const [batch = 0, ...rest] = generated.shape;
  const length = rest.reduce((a, b) => a * b, 1);
  const values = generated.dataSync<'float32'>();
  const images = Array.from({ length: batch }, (_, i) => values.subarray(i * length, (i + 1) * length));
  const out = new Float32Array(batch * length);
  pool.query(images, random).forEach((image, i) => out.set(image, i * length));
  return tf.tensor4d(out, generated.shape);
}
