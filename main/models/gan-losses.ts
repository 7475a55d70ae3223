import * as tf from '@tensorflow/tfjs';

/**
 * The GAN objective of Goodfellow et al. (2014), min_G max_D E[log D(x)] + E[log(1 - D(G(z)))], on logits.
 *
 * Discriminator: maximise log D(x) + log(1 - D(G(z))), i.e. minimise the binary cross-entropy with
 * real = 1 and fake = 0. `realLabel` below 1 is one-sided label smoothing (Salimans et al., 2016).
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor, realLabel = 1): tf.Scalar {
  return tf.tidy(() => {
    const real = tf.losses.sigmoidCrossEntropy(tf.fill(realLogits.shape, realLabel), realLogits);
    const fake = tf.losses.sigmoidCrossEntropy(tf.zerosLike(fakeLogits), fakeLogits);
    return tf.add(real, fake) as tf.Scalar;
  });
}

/**
 * Generator, non-saturating form: minimise -log D(G(z)) instead of log(1 - D(G(z))). Same fixed
 * point, but strong gradients early, when D easily rejects the samples (Goodfellow et al., section 3).
 */
export function generatorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.losses.sigmoidCrossEntropy(tf.onesLike(fakeLogits), fakeLogits) as tf.Scalar);
}
