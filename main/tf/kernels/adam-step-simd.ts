import type * as tfjs from '@tensorflow/tfjs';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

/** Ganvas's fused Adam update: inputs w, g, m, v; outputs w', m', v' (see makeAdamStepKernel). */
export const adamStepKernelName = 'GanvasAdamStep';

/** The update's constants, as models/adam.ts passes them. */
export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  stepSize: number;
}

/** Whether the fused update can run here: the wasm backend with SIMD, and the kernel registered. */
export function adamStepApplies(tf: typeof tfjs): boolean {
  const backend = tf.getBackend();
  return (
    backend === 'wasm' &&
    tf.getKernel(adamStepKernelName, backend) !== undefined &&
    simdOn(tf.backend()) !== null
  );
}

/**
 * One Adam step for one float32 variable in a single SIMD pass (simd-helpers' adamStep), instead of
 * twelve whole-tensor ops each writing a new tensor: m' = m·β1 + g·(1−β1), v' = v·β2 + g²·(1−β2),
 * w' = w − m' / (√v' + ε) · step. The same float32 operations in the same order as the op
 * composition (constants rounded to float32, as tfjs's scalars are), so the same bits.
 *
 * Why: a CycleGAN step updates ~21 million parameters; the ops took ~140 ms of it on one thread.
 */
export function makeAdamStepKernel(): tfjs.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { w, g, m, v } = inputs;
    if (!w || !g || !m || !v) throw new Error(`${adamStepKernelName}: needs w, g, m and v`);
    const size = (info: tfjs.TensorInfo) => info.shape.reduce((a, b) => a * b, 1);
    const count = size(w);
    if ([w, g, m, v].some((t) => t.dtype !== 'float32' || size(t) !== count)) {
      throw new Error(`${adamStepKernelName}: w, g, m and v must be float32 tensors of one size`);
    }
    const simd = simdOn(backend);
    if (!simd) throw new Error(`${adamStepKernelName}: needs the wasm backend with SIMD`);
    const { beta1, beta2, epsilon, stepSize } = attrs as unknown as AdamStepAttrs;
    const heap = asWasmHeapBackend(backend);
    const outputs = [w, m, v].map((t) => heap.makeOutput([...t.shape], 'float32')) as [
      tfjs.TensorInfo,
      tfjs.TensorInfo,
      tfjs.TensorInfo,
    ];
    const [wAt, gAt, mAt, vAt] = [w, g, m, v].map((t) => simd.pointer(t)) as [number, number, number, number];
    const [outW, outM, outV] = outputs.map((t) => simd.pointer(t)) as [number, number, number];
    // Passed as float32 parameters: rounded as tfjs rounds its scalar tensors.
    simd.helpers.adamStep(
      wAt,
      gAt,
      mAt,
      vAt,
      outW,
      outM,
      outV,
      count,
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      epsilon,
      stepSize,
    );
    return outputs;
  };
}
