import * as tf from '@tensorflow/tfjs';

/**
 * Least-squares GAN losses (Mao et al., 2017), which CycleGAN uses instead of the log loss for
 * stabler training (Zhu et al., section 4): D minimises ½·E[(D(y) − 1)²] + ½·E[D(G(x))²] and
 * G minimises E[(D(G(x)) − 1)²].
 */
export function lsganDiscriminatorLoss(realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(
    () =>
      tf.mul(
        0.5,
        tf.add(tf.mean(tf.square(tf.sub(realScores, 1))), tf.mean(tf.square(fakeScores))),
      ) as tf.Scalar,
  );
}

export function lsganGeneratorLoss(fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(fakeScores, 1))) as tf.Scalar);
}

/** The L1 distance of Zhu et al.'s cycle-consistency loss (eq. 2) and identity loss (section 5.2). */
export function meanAbsoluteError(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar);
}
