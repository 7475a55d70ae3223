import * as tf from '@tensorflow/tfjs';
import { InstanceNormalization } from './layers/instance-norm.js';
import { ReflectionPadding2D } from './layers/reflection-padding.js';

/** What a CycleGAN's networks are built from. */
export interface CycleganConfig {
  /** Training crop size; the generator is fully convolutional and translates other sizes too. */
  size: 64 | 128 | 256;
  /** Filters of the generator's first layer and the discriminator's first layer (Zhu et al.: 64). */
  width: number;
  /** Residual blocks in the generator (Zhu et al., appendix 7.2: 6 at 128 px, 9 at 256 px). */
  residualBlocks: number;
  /** Seeds the initial weights. */
  seed?: number;
}

/** Weights from N(0, 0.02), as in the CycleGAN reference implementation; each layer its own seed. */
function initializer(seed: number | undefined) {
  let layer = 0;
  return () =>
    tf.initializers.randomNormal({
      mean: 0,
      stddev: 0.02,
      ...(seed === undefined ? {} : { seed: seed * 1000 + layer++ }),
    });
}

/**
 * The ResNet generator of Zhu et al. (appendix 7.2, after Johnson et al.):
 * c7s1-w, d2w, d4w, R4w × n, u2w, uw, c7s1-3. Reflection padding before the 7×7 and the residual
 * convolutions, instance norm and ReLU after every convolution but the last, tanh at the output.
 * Input and output are RGB in [-1, 1]; any height and width divisible by 4 works.
 */
export function createResnetGenerator(config: CycleganConfig, name: string): tf.LayersModel {
  const init = initializer(config.seed);
  const w = config.width;
  const conv = (filters: number, kernelSize: number, strides = 1, padding: 'valid' | 'same' = 'valid') =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding, useBias: true, kernelInitializer: init() });
  const normRelu = (x: tf.SymbolicTensor) =>
    tf.layers.reLU().apply(new InstanceNormalization().apply(x)) as tf.SymbolicTensor;

  const input = tf.input({ shape: [null, null, 3] });
  let x = new ReflectionPadding2D({ padding: 3 }).apply(input) as tf.SymbolicTensor;
  x = normRelu(conv(w, 7).apply(x) as tf.SymbolicTensor);
  // d2w, d4w: 3×3 stride-2 convolutions.
  x = normRelu(conv(2 * w, 3, 2, 'same').apply(x) as tf.SymbolicTensor);
  x = normRelu(conv(4 * w, 3, 2, 'same').apply(x) as tf.SymbolicTensor);
  for (let block = 0; block < config.residualBlocks; block++) {
    // R: two 3×3 convolutions with the same filters, added back to the block's input (He et al.).
    let y = new ReflectionPadding2D({ padding: 1 }).apply(x) as tf.SymbolicTensor;
    y = normRelu(conv(4 * w, 3).apply(y) as tf.SymbolicTensor);
    y = new ReflectionPadding2D({ padding: 1 }).apply(y) as tf.SymbolicTensor;
    y = new InstanceNormalization().apply(conv(4 * w, 3).apply(y)) as tf.SymbolicTensor;
    x = tf.layers.add().apply([x, y]) as tf.SymbolicTensor;
  }
  // u2w, uw: 3×3 fractionally strided (transposed) convolutions, stride 1/2.
  for (const filters of [2 * w, w]) {
    const up = tf.layers.conv2dTranspose({
      filters,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: true,
      kernelInitializer: init(),
    });
    x = normRelu(up.apply(x) as tf.SymbolicTensor);
  }
  x = new ReflectionPadding2D({ padding: 3 }).apply(x) as tf.SymbolicTensor;
  x = conv(3, 7).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.activation({ activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}

/**
 * The 70×70 PatchGAN discriminator (Zhu et al., appendix 7.2; Isola et al.): C64-C128-C256-C512
 * with 4×4 convolutions (stride 2, then 1 for C512), instance norm in all but the first, LeakyReLU
 * 0.2, and a last 4×4 convolution to one channel. Each output judges one overlapping 70×70 patch,
 * so D scores texture and local structure, and has few parameters. Returns raw scores for LSGAN.
 */
export function createPatchDiscriminator(config: CycleganConfig, name: string): tf.LayersModel {
  const init = initializer(config.seed === undefined ? undefined : config.seed + 1);
  const w = config.width;
  const input = tf.input({ shape: [config.size, config.size, 3] });
  let x: tf.SymbolicTensor = input;
  const layers: Array<{ filters: number; strides: number; norm: boolean }> = [
    { filters: w, strides: 2, norm: false },
    { filters: 2 * w, strides: 2, norm: true },
    { filters: 4 * w, strides: 2, norm: true },
    { filters: 8 * w, strides: 1, norm: true },
  ];
  for (const layer of layers) {
    // PyTorch's padding=1 with a 4×4 kernel, written out (tfjs 'same' pads asymmetrically).
    x = tf.layers.zeroPadding2d({ padding: 1 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({ filters: layer.filters, kernelSize: 4, strides: layer.strides, kernelInitializer: init() })
      .apply(x) as tf.SymbolicTensor;
    if (layer.norm) x = new InstanceNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.zeroPadding2d({ padding: 1 }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .conv2d({ filters: 1, kernelSize: 4, kernelInitializer: init() })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}
