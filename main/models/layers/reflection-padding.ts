import * as tf from '@tensorflow/tfjs';
import { foldReflectionPadGradient } from './reflection-padding-gradient.js';

export interface ReflectionPadding2DArgs {
  name?: string;
  /** Pixels added on each side of height and width. */
  padding: number;
}

/**
 * Pads height and width by mirroring the image at its edges, without repeating the edge pixel
 * (`reflect`). Zhu et al. (appendix 7.2) use it before the generator's 7×7 and residual convolutions
 * "to reduce artifacts" that zero padding leaves along the borders. Registered so saved models reload.
 */
export class ReflectionPadding2D extends tf.layers.Layer {
  static readonly className = 'GanvasReflectionPadding2D';
  private readonly padding: number;

  constructor(args: ReflectionPadding2DArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!Number.isInteger(args.padding) || args.padding < 0)
      throw new Error('Padding must be a whole number.');
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const grow = (side: number | null | undefined) =>
      typeof side === 'number' ? side + 2 * this.padding : null;
    return [shape[0] ?? null, grow(shape[1]), grow(shape[2]), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const p = this.padding;
    const [, height = 0, width = 0] = x.shape;
    if (height <= p || width <= p) {
      throw new Error(`A ${height}×${width} image is too small to mirror by ${p} pixels.`);
    }
    if (p === 0) return x;
    // tfjs 4.22's MirrorPad gradient only slices out the centre, dropping the gradient that flows
    // into the mirrored copies. Where tensors are in this process's memory (wasm, cpu), MirrorPad
    // with the gradient folded here; elsewhere (tfjs-node, possibly on a GPU, where reading a tensor
    // back would stall it), reversed slices and concatenation, which tfjs differentiates itself.
    // Both give the same bits (reflection-padding.test.ts).
    const backend = tf.getBackend();
    if (backend === 'wasm' || backend === 'cpu') return mirrorPadFolding(x, p);
    return reflectBySlices(x, p);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}

tf.serialization.registerClass(ReflectionPadding2D);

/**
 * Reflection padding as one MirrorPad (a copy, where the slices and concatenation take seven kernel
 * calls per axis and four more in the gradient: on wasm, 8% of a CycleGAN step) with its gradient
 * folded in JavaScript.
 */
function mirrorPadFolding(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const shape = x.shape;
  const pad = tf.customGrad((input) => ({
    value: tf.mirrorPad(
      input as tf.Tensor4D,
      [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ],
      'reflect',
    ),
    gradFunc: (dy) =>
      tf.tensor4d(foldReflectionPadGradient((dy as tf.Tensor).dataSync() as Float32Array, shape, p), shape),
  }));
  return pad(x) as tf.Tensor4D;
}

/** Reflection padding by reversed slices and concatenation, which tfjs differentiates itself. */
export function reflectBySlices(x: tf.Tensor4D, p: number): tf.Tensor4D {
  return mirrorAxis(mirrorAxis(x, 1, p), 2, p);
}

/** Mirrors `x` by `p` along `axis` (1 = height, 2 = width): rows p…1, then all rows, then n-2…n-1-p. */
function mirrorAxis(x: tf.Tensor4D, axis: 1 | 2, p: number): tf.Tensor4D {
  if (p === 0) return x;
  const n = x.shape[axis];
  const sliceOf = (start: number): tf.Tensor4D => {
    const begin = [0, 0, 0, 0];
    const size = [...x.shape];
    begin[axis] = start;
    size[axis] = p;
    return tf.reverse(tf.slice(x, begin, size), axis);
  };
  return tf.concat([sliceOf(1), x, sliceOf(n - 1 - p)], axis);
}
