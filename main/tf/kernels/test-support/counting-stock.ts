import * as tf from '@tensorflow/tfjs';

/**
 * The wasm backend's own kernel, and the same kernel counting how often a replacement hands a
 * case on to it: pass `counted` to the replacement's factory, compare with `stock`.
 */
export function countingStock(kernelName: string): {
  stock: tf.KernelFunc;
  counted: tf.KernelFunc;
  handedOn: () => number;
} {
  const stock = tf.getKernel(kernelName, 'wasm').kernelFunc;
  let calls = 0;
  return {
    stock,
    counted: (params) => {
      calls++;
      return stock(params);
    },
    handedOn: () => calls,
  };
}
