import * as tf from '@tensorflow/tfjs';

/**
 * CycleGAN's training augmentation (Zhu et al., appendix 7.1: resize to 286, random 256 crop, random
 * horizontal flip): each image is enlarged by 1.125 (bilinear), cropped back to `size` at a random
 * offset, and mirrored left-right half the time. The same `random` gives the same result.
 */
export function jitter(images: tf.Tensor4D, size: number, random: () => number): tf.Tensor4D {
  return tf.tidy(() => {
    const enlarged = Math.round(size * 1.125);
    const grown = tf.image.resizeBilinear(images, [enlarged, enlarged]);
    const [batch = 1] = images.shape;
    const crops: tf.Tensor4D[] = [];
    for (let i = 0; i < batch; i++) {
      const top = Math.floor(random() * (enlarged - size + 1));
      const left = Math.floor(random() * (enlarged - size + 1));
      const crop = tf.slice(grown, [i, top, left, 0], [1, size, size, 3]);
      crops.push(random() < 0.5 ? tf.reverse(crop, 2) : crop);
    }
    return batch === 1 ? (crops[0] as tf.Tensor4D) : tf.concat(crops, 0);
  });
}
