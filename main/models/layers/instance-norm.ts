import * as tf from '@tensorflow/tfjs';
import {
  instanceNormGradientKernelName,
  instanceNormKernelName,
  instanceNormSimdApplies,
} from '../../tf/kernels/instance-norm-simd.js';
import { instanceNormBackward, instanceNormForward } from './instance-norm-fused.js';

export interface InstanceNormalizationArgs {
  name?: string;
  /** Added to the variance before the square root (PyTorch's and Ulyanov et al.'s 1e-5). */
  epsilon?: number;
}

/**
 * Instance normalisation (Ulyanov et al., 2016, eq. 4): each image's channels are normalised by
 * their own mean and variance over height and width, y = γ · (x − μ_nc) / √(σ²_nc + ε) + β, then
 * scaled and shifted per channel. Unlike batchnorm it has no running statistics, so training and
 * inference agree, and a batch of one (CycleGAN's) works. No backend has a kernel for it: where
 * tensors are in this process's memory (wasm, cpu) it is computed in JavaScript with its gradient
 * written out (instance-norm-fused.ts); elsewhere (tfjs-node, possibly on a GPU) it is built from
 * `tf.moments` (see TFJS-NOTES). Registered by class name, so saved models reload.
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
      const backend = tf.getBackend();
      if (
        backend === 'wasm' &&
        tf.getKernel(instanceNormKernelName, backend) !== undefined &&
        instanceNormSimdApplies(tf.backend(), x.shape)
      ) {
        return simdInstanceNorm(x as tf.Tensor4D, this.gamma.read(), this.beta.read(), this.epsilon);
      }
      if ((backend === 'wasm' || backend === 'cpu') && x.rank === 4) {
        // On wasm, the moments' ops took ~12% of a CycleGAN step, a dozen kernels a layer.
        return fusedInstanceNorm(x as tf.Tensor4D, this.gamma.read(), this.beta.read(), this.epsilon);
      }
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

/**
 * Instance normalisation by the wasm backend's SIMD kernels (Ganvas's, tf/kernels/instance-norm-simd.ts),
 * differentiable in x, γ and β: float32 sums in pixel order, as tfjs's own moments.
 */
function simdInstanceNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor4D {
  const normalise = tf.customGrad((input, scale, shift, save) => {
    const [y, xHat, stats] = tf.engine().runKernel(
      instanceNormKernelName,
      { x: input as tf.Tensor, gamma: scale as tf.Tensor, beta: shift as tf.Tensor },
      {
        epsilon,
      },
    ) as tf.Tensor[];
    if (!y || !xHat || !stats) throw new Error('Instance normalisation: the kernel gave no result.');
    (save as tf.GradSaveFunc)([xHat, stats, scale as tf.Tensor]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const upstream = Array.isArray(dy) ? dy[0] : dy;
        const [savedXHat, savedStats, savedGamma] = saved;
        if (!upstream || !savedXHat || !savedStats || !savedGamma) {
          throw new Error('Instance normalisation: no gradient to pass back.');
        }
        return tf
          .engine()
          .runKernel(
            instanceNormGradientKernelName,
            { dy: upstream, xHat: savedXHat, gamma: savedGamma, stats: savedStats },
            {},
          ) as tf.Tensor[];
      },
    };
  });
  return normalise(x, gamma, beta) as tf.Tensor4D;
}

/** Instance normalisation in one JavaScript pass each way, differentiable in x, γ and β. */
function fusedInstanceNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor4D {
  const [images, height, width, channels] = x.shape;
  const dims = [images, height * width, channels] as const;
  const normalise = tf.customGrad((input, scale, shift) => {
    const gammaValues = (scale as tf.Tensor).dataSync() as Float32Array;
    const { y, saved } = instanceNormForward(
      (input as tf.Tensor).dataSync() as Float32Array,
      dims,
      gammaValues,
      (shift as tf.Tensor).dataSync() as Float32Array,
      epsilon,
    );
    return {
      value: tf.tensor4d(y, x.shape),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const upstream = Array.isArray(dy) ? dy[0] : dy;
        if (!upstream) throw new Error('Instance normalisation: no gradient to pass back.');
        const { dx, dGamma, dBeta } = instanceNormBackward(
          upstream.dataSync() as Float32Array,
          dims,
          gammaValues,
          saved,
        );
        return [tf.tensor4d(dx, x.shape), tf.tensor1d(dGamma), tf.tensor1d(dBeta)];
      },
    };
  });
  return normalise(x, gamma, beta) as tf.Tensor4D;
}
