import type * as tfjs from '@tensorflow/tfjs';
import type { BackendName } from '../../contract/index.js';
import { adamStepKernelName, makeAdamStepKernel } from './adam-step-simd.js';
import { makeBatchMatMulKernel } from './batch-matmul-untransposed.js';
import { makeBatchNormKernel } from './batch-norm-simd.js';
import {
  batchNormGradient,
  batchNormGradientKernelName,
  makeBatchNormGradientKernel,
} from './batch-norm-gradient-simd.js';
import { makeConv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { makeConv2dBackpropInputKernel } from './conv2d-backprop-input.js';
import { makeConv2dGemmKernel } from './conv2d-gemm.js';
import { leakyReluGradient } from './leaky-relu-gradient.js';
import {
  instanceNormGradientKernelName,
  instanceNormKernelName,
  makeInstanceNormGradientKernel,
  makeInstanceNormKernel,
} from './instance-norm-simd.js';
import { makeLeakyReluKernel } from './leaky-relu-simd.js';
import { makeSharedCastKernel, makeSharedIdentityKernel } from './shared-data-kernels.js';
import { makeSliceKernel, makeStridedSliceKernel } from './slice-from-heap.js';
import { makeSumByRowsKernel } from './sum-by-rows.js';
import { makeTileKernel } from './tile-broadcast.js';
import { makeTransposeKernel } from './transpose-simd.js';

type Tfjs = typeof tfjs;

const installed = new Set<string>();

/**
 * Puts Ganvas's kernels in place where the backend's own are missing or slow for training: the
 * convolution gradients built on the forward convolution (measured on tfjs 4.22, GFLOP/s at DCGAN
 * shapes), and on wasm the data-movement, reduction and normalisation kernels listed below, each
 * with the reason beside it:
 * - wasm: Conv2DBackpropFilter is missing (training fails without it); Conv2DBackpropInput is a
 *   plain loop at 1-3, the forward XNNPACK convolution runs at 10-25.
 * - cpu: Conv2DBackpropFilter runs at 0.01, the forward convolution at about 1.3.
 * The native TensorFlow backends have real kernels and keep them. Safe to call more than once.
 * Returns the kernel names it replaced or added this time (and "LeakyRelu gradient").
 */
export function installFastKernels(tf: Tfjs, backend: BackendName): string[] {
  const plan: Array<{
    kernelName: string;
    make: (original: tfjs.KernelFunc | undefined) => tfjs.KernelFunc;
  }> = [];
  if (backend === 'wasm' || backend === 'cpu') {
    plan.push({ kernelName: 'Conv2DBackpropFilter', make: () => makeConv2dBackpropFilterKernel(tf) });
  }
  if (backend === 'wasm') {
    plan.push({
      kernelName: 'Conv2DBackpropInput',
      make: (original) => makeConv2dBackpropInputKernel(tf, original),
    });
    // The convolutions themselves (and so both gradients above, built on them): an implicit GEMM
    // on Ganvas's SIMD product, faster than XNNPACK's here (conv2d-gemm.ts).
    plan.push({ kernelName: 'Conv2D', make: (original) => makeConv2dGemmKernel(tf, original, false) });
    plan.push({ kernelName: 'FusedConv2D', make: (original) => makeConv2dGemmKernel(tf, original, true) });
    // Not a convolution, but on the same path: batch norm's gradient tiles statistics up to whole
    // activations, and wasm's generic Tile took ~9% of a DCGAN step.
    plan.push({ kernelName: 'Tile', make: (original) => makeTileKernel(tf, original) });
    // A dense layer's weight gradient is a product with a transposed operand, which wasm computes
    // in a scalar loop instead of XNNPACK.
    plan.push({ kernelName: 'BatchMatMul', make: (original) => makeBatchMatMulKernel(tf, original) });
    // Data movement that wasm copies needlessly: the engine's clone of every tensor saved for the
    // backward pass, same-dtype casts, and slices that first copied their whole input.
    plan.push({ kernelName: 'Identity', make: (original) => makeSharedIdentityKernel(original) });
    plan.push({ kernelName: 'Cast', make: (original) => makeSharedCastKernel(original) });
    plan.push({ kernelName: 'Slice', make: (original) => makeSliceKernel(tf, original) });
    plan.push({ kernelName: 'StridedSlice', make: (original) => makeStridedSliceKernel(tf, original) });
    // Normalisation statistics and their gradients: sums over batch and space, which wasm
    // transposes first. Bit for bit the backend's own order.
    plan.push({ kernelName: 'Sum', make: (original) => makeSumByRowsKernel(tf, 'Sum', original) });
    plan.push({ kernelName: 'Mean', make: (original) => makeSumByRowsKernel(tf, 'Mean', original) });
    plan.push({ kernelName: 'LeakyRelu', make: (original) => makeLeakyReluKernel(original) });
    plan.push({ kernelName: 'FusedBatchNorm', make: (original) => makeBatchNormKernel(original) });
    plan.push({ kernelName: 'Transpose', make: (original) => makeTransposeKernel(original) });
    plan.push({ kernelName: batchNormGradientKernelName, make: () => makeBatchNormGradientKernel() });
    plan.push({ kernelName: instanceNormKernelName, make: () => makeInstanceNormKernel() });
    plan.push({ kernelName: instanceNormGradientKernelName, make: () => makeInstanceNormGradientKernel() });
    // The optimiser: one pass per variable instead of twelve ops (adam-step-simd.ts).
    plan.push({ kernelName: adamStepKernelName, make: () => makeAdamStepKernel() });
  }
  const done: string[] = [];
  // A gradient, not a kernel: registered for every backend at once, and exact on every backend.
  if (backend === 'wasm' && !installed.has('gradient/LeakyRelu')) {
    tf.registerGradient(leakyReluGradient(tf));
    installed.add('gradient/LeakyRelu');
    done.push('LeakyRelu gradient');
  }
  // Also for every backend at once: it hands every case but wasm's to tfjs's own.
  if (backend === 'wasm' && !installed.has('gradient/FusedBatchNorm')) {
    tf.registerGradient(batchNormGradient(tf, tf.getGradient('FusedBatchNorm')));
    installed.add('gradient/FusedBatchNorm');
    done.push('FusedBatchNorm gradient');
  }
  for (const { kernelName, make } of plan) {
    const key = `${backend}/${kernelName}`;
    if (installed.has(key)) continue;
    // Typed as always found, but undefined when the backend has no such kernel.
    const config = tf.getKernel(kernelName, backend) as tfjs.KernelConfig | undefined;
    if (config) tf.unregisterKernel(kernelName, backend);
    // The original's set-up stays registered: wasm kernels bind their entry point into the module
    // when a backend starts, so a backend started after this (a restart, the threaded build) still
    // binds the original that the replacement hands other cases to, not a disposed module's.
    tf.registerKernel({
      kernelName,
      backendName: backend,
      kernelFunc: make(config?.kernelFunc),
      ...(config?.setupFunc ? { setupFunc: config.setupFunc } : {}),
      ...(config?.disposeFunc ? { disposeFunc: config.disposeFunc } : {}),
    });
    installed.add(key);
    done.push(kernelName);
  }
  return done;
}
