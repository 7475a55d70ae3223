import * as tf from '@tensorflow/tfjs';

export interface InstanceNormalizationArgs {
  name?: string;
  /** Added to the variance before the square root (PyTorch's and Ulyanov et al.'s 1e-5). */
  epsilon?: number;
}

/**
 * Instance normalisation (Ulyanov et al., 2016, eq. 4): each image's channels are normalised by
 * their own mean and variance over height and width, y = γ · (x − μ_nc) / √(σ²_nc + ε) + β, then
 * scaled and shifted per channel. Unlike batchnorm it has no running statistics, so training and
 * inference agree, and a batch of one (CycleGAN's) works. No backend has a kernel for it, so it is
 * built from `tf.moments` (see TFJS-NOTES). Registered by class name, so saved models reload.
 */
export class InstanceNormalization extends tf.layers.Layer {
  static readonly className = 'GanvasInstanceNormalization';
  private readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: InstanceNormalizationArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number') throw new Error('Instance normalisation needs a known channel count.');
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!x || !this.gamma || !this.beta) throw new Error('Instance normalisation was called before build.');
      const { mean, variance } = tf.moments(x, [1, 2], true);
      const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(InstanceNormalization);
