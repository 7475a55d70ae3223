import * as tf from '@tensorflow/tfjs';

/** Replaces a backend's kernel with one made from the original (as install-fast-kernels does). */
export function replaceKernel(
  kernelName: string,
  backendName: string,
  make: (original: tf.KernelFunc) => tf.KernelFunc,
): void {
  const config = tf.getKernel(kernelName, backendName);
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...config, kernelFunc: make(config.kernelFunc) });
}
