import type * as tfjs from '@tensorflow/tfjs';

type Tfjs = typeof tfjs;

/**
 * The kernels in this folder are built from other ops, so they need Tensors, not bare
 * TensorInfos. Every caller of these kernel names in tfjs 4.x is an op that passes Tensors; a
 * bare TensorInfo would mean a backend calling the kernel directly, which none of ours does.
 */
export function asTensor4D(tf: Tfjs, input: tfjs.TensorInfo | undefined, name: string): tfjs.Tensor4D {
  if (!(input instanceof tf.Tensor)) throw new Error(`expected input '${name}' to be a tensor`);
  if (input.rank !== 4)
    throw new Error(`expected input '${name}' to be 4D, got shape [${input.shape.join(', ')}]`);
  return input as tfjs.Tensor4D;
}
