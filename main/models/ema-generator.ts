import * as tf from '@tensorflow/tfjs';
import { createGenerator, type DcganConfig } from './dcgan.js';

/**
 * An exponential moving average of the generator's weights, θ_ema ← d·θ_ema + (1 − d)·θ
 * (Yazıcı et al., 2019, "The Unusual Effectiveness of Averaging in GAN Training"): samples from
 * the average are steadier and usually better than from the generator of any single step. The
 * decay warms up as d_t = min(d, (1 + t)/(10 + t)), so early samples are not stuck near the random
 * initial weights. Batchnorm's running statistics are averaged the same way.
 */
export class EmaGenerator {
  readonly model: tf.LayersModel;

  constructor(
    config: DcganConfig,
    private readonly source: tf.LayersModel,
    readonly decay: number,
  ) {
    this.model = createGenerator(config);
    this.copyFromSource();
  }

  /** Makes the average equal to the generator (the start, or a decay of 0). */
  copyFromSource(): void {
    tf.tidy(() => {
      this.model.weights.forEach((weight, i) => {
        const from = this.source.weights[i];
        if (from) weight.write(from.read());
      });
    });
  }

  /** One averaging step after generator update number `t` (counting from 1). */
  update(t: number): void {
    if (this.decay <= 0) return this.copyFromSource();
    const d = Math.min(this.decay, (1 + t) / (10 + t));
    tf.tidy(() => {
      this.model.weights.forEach((weight, i) => {
        const from = this.source.weights[i];
        if (!from) return;
        weight.write(tf.add(tf.mul(weight.read(), d), tf.mul(from.read(), 1 - d)));
      });
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}
