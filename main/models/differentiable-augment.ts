import * as tf from '@tensorflow/tfjs';
import type { AugmentSettings } from '../contract/index.js';

/**
 * Differentiable augmentation (Zhao et al., 2020, "Differentiable Augmentation for Data-Efficient
 * GAN Training"): D only ever sees augmented images, real and generated alike, and the transforms
 * are differentiable so G's gradient flows back through them. This keeps D from memorising a
 * small dataset without teaching G to make augmented-looking images. The three policies of the
 * paper: colour (brightness, saturation, contrast), translation (up to 1/8 of the image, zero
 * padded) and cutout (a square of half the image size set to zero).
 *
 * Every random number comes from `random`, so a step's augmentation is replayable from its seed.
 */
export function augment(images: tf.Tensor4D, policy: AugmentSettings, random: () => number): tf.Tensor4D {
  return tf.tidy(() => {
    let x = images;
    if (policy.colour) x = colour(x, random);
    if (policy.translation) x = translate(x, random);
    if (policy.cutout) x = cutout(x, random);
    return x;
  });
}

/** Per-image draws, as a [batch, 1, 1, 1] tensor so they broadcast over pixels. */
function perImage(batch: number, draw: () => number): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from({ length: batch }, draw), [batch, 1, 1, 1]);
}

function colour(x: tf.Tensor4D, random: () => number): tf.Tensor4D {
  const batch = x.shape[0];
  // Brightness: + U(-0.5, 0.5); saturation: × U(0, 2) around the pixel's grey; contrast: × U(0.5, 1.5) around the image mean.
  const brightened = tf.add(
    x,
    perImage(batch, () => random() - 0.5),
  );
  const grey = tf.mean(brightened, 3, true);
  const saturated = tf.add(
    tf.mul(
      tf.sub(brightened, grey),
      perImage(batch, () => random() * 2),
    ),
    grey,
  );
  const mean = tf.mean(saturated, [1, 2, 3], true);
  return tf.add(
    tf.mul(
      tf.sub(saturated, mean),
      perImage(batch, () => random() + 0.5),
    ),
    mean,
  ) as tf.Tensor4D;
}

/** Shift matrices: row i of image b takes row i − shift[b] (zero where that falls outside). */
function shiftMatrices(batch: number, size: number, shifts: number[]): tf.Tensor3D {
  const values = new Float32Array(batch * size * size);
  shifts.forEach((shift, b) => {
    for (let i = 0; i < size; i++) {
      const from = i - shift;
      if (from >= 0 && from < size) values[b * size * size + i * size + from] = 1;
    }
  });
  return tf.tensor3d(values, [batch, size, size]);
}

function translate(x: tf.Tensor4D, random: () => number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const reach = (size: number) => Math.floor(size * 0.125 + 0.5);
  const draw = (size: number) =>
    Array.from({ length: batch }, () => Math.floor(random() * (2 * reach(size) + 1)) - reach(size));
  const dy = draw(height);
  const dx = draw(width);
  // A shift is a product with a 0/1 matrix: exact, differentiable, and one batched matMul per axis.
  const rows = tf.matMul(shiftMatrices(batch, height, dy), tf.reshape(x, [batch, height, width * channels]));
  const byColumn = tf.reshape(
    tf.transpose(tf.reshape(rows, [batch, height, width, channels]), [0, 2, 1, 3]),
    [batch, width, height * channels],
  );
  const columns = tf.matMul(shiftMatrices(batch, width, dx), byColumn);
  return tf.transpose(tf.reshape(columns, [batch, width, height, channels]), [0, 2, 1, 3]) as tf.Tensor4D;
}

function cutout(x: tf.Tensor4D, random: () => number): tf.Tensor4D {
  const [batch, height, width] = x.shape;
  const cutHeight = Math.floor(height * 0.5 + 0.5);
  const cutWidth = Math.floor(width * 0.5 + 0.5);
  const mask = new Float32Array(batch * height * width).fill(1);
  for (let b = 0; b < batch; b++) {
    // The square's centre is anywhere in the image, so it may hang over an edge (as in the paper).
    const top = Math.floor(random() * (height + (1 - (cutHeight % 2)))) - Math.floor(cutHeight / 2);
    const left = Math.floor(random() * (width + (1 - (cutWidth % 2)))) - Math.floor(cutWidth / 2);
    for (let i = Math.max(0, top); i < Math.min(height, top + cutHeight); i++) {
      for (let j = Math.max(0, left); j < Math.min(width, left + cutWidth); j++) {
        mask[b * height * width + i * width + j] = 0;
      }
    }
  }
  return tf.mul(x, tf.tensor4d(mask, [batch, height, width, 1]));
}
