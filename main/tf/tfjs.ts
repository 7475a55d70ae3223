import * as tfjs from '@tensorflow/tfjs';

/**
 * The one TensorFlow.js instance of this process, for code outside main/ that may not import
 * '@tensorflow/*' itself (the benchmarks). Load a backend with backend-loader.ts first.
 */
export const tf: typeof tfjs = tfjs;
