import type * as tfjs from '@tensorflow/tfjs';
import { asWasmHeapBackend, simdOn } from './wasm-heap.js';

/** Instance norm's forward kernel: inputs x, gamma, beta; outputs y, xHat and stats [N, 2, C] (μ, 1/σ). */
export const instanceNormKernelName = 'GanvasInstanceNorm';
/** Its backward kernel: inputs dy, xHat, gamma, stats; outputs dx, dGamma, dBeta. */
export const instanceNormGradientKernelName = 'GanvasInstanceNormGradient';

/** Whether the SIMD kernels can normalise `x` on the current backend: wasm, channels a multiple of 4. */
export function instanceNormSimdApplies(backend: unknown, shape: readonly number[]): boolean {
  return shape.length === 4 && (shape[3] ?? 1) % 4 === 0 && simdOn(backend) !== null;
}

function simdAndHeap(backend: unknown) {
  const simd = simdOn(backend);
  if (!simd) throw new Error('instance norm: needs the wasm backend with SIMD');
  return { simd, heap: asWasmHeapBackend(backend) };
}

/**
 * Instance normalisation per image n and channel c over the H·W pixels (Ulyanov et al., 2016,
 * eq. 4): μ = Σx / N, σ² = Σ(x − μ)² / N, x̂ = (x − μ) / √(σ² + ε), y = γ·x̂ + β; float32 sums in
 * pixel order, as tfjs's own moments.
 */
export function makeInstanceNormKernel(): tfjs.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { x, gamma, beta } = inputs;
    if (!x || !gamma || !beta) throw new Error(`${instanceNormKernelName}: needs x, gamma and beta`);
    const { simd, heap } = simdAndHeap(backend);
    const { epsilon } = attrs as unknown as { epsilon: number };
    const [images = 1, height = 1, width = 1, channels = 1] = x.shape;
    const pixels = height * width;
    const [y, xHat] = [heap.makeOutput([...x.shape], 'float32'), heap.makeOutput([...x.shape], 'float32')];
    const stats = heap.makeOutput([images, 2, channels], 'float32');
    const statValues = heap.typedArrayFromHeap(stats) as Float32Array;
    const [xAt, yAt, xHatAt, statsAt] = [x, y, xHat, stats].map((t) => simd.pointer(t)) as [
      number,
      number,
      number,
      number,
    ];
    const [gammaAt, betaAt] = [simd.pointer(gamma), simd.pointer(beta)];
    const imageBytes = pixels * channels * 4;
    for (let n = 0; n < images; n++) {
      const [meanAt, inverseAt] = [statsAt + 2 * n * channels * 4, statsAt + (2 * n + 1) * channels * 4];
      simd.helpers.sumRows(xAt + n * imageBytes, meanAt, pixels, channels);
      simd.helpers.divide(meanAt, channels, Math.fround(pixels));
      // The squared deviations' sums, then 1/σ in their place.
      simd.helpers.squaredDeviations(xAt + n * imageBytes, meanAt, inverseAt, pixels, channels);
      const inverse = (2 * n + 1) * channels;
      for (let c = 0; c < channels; c++) {
        const variance = Math.fround((statValues[inverse + c] ?? 0) / pixels);
        statValues[inverse + c] = 1 / Math.sqrt(Math.fround(variance + epsilon));
      }
      simd.helpers.normalise(
        xAt + n * imageBytes,
        meanAt,
        inverseAt,
        gammaAt,
        betaAt,
        xHatAt + n * imageBytes,
        yAt + n * imageBytes,
        pixels,
        channels,
      );
    }
    return [y, xHat, stats];
  };
}

/**
 * Its gradients, from the chain rule through μ and σ (per image and channel, g = dy·γ, means over
 * the pixels): dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)); dγ = Σ dy·x̂ and dβ = Σ dy over images and
 * pixels.
 */
export function makeInstanceNormGradientKernel(): tfjs.KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, xHat, gamma, stats } = inputs;
    if (!dy || !xHat || !gamma || !stats)
      throw new Error(`${instanceNormGradientKernelName}: needs dy, xHat, gamma, stats`);
    const { simd, heap } = simdAndHeap(backend);
    const [images = 1, height = 1, width = 1, channels = 1] = dy.shape;
    const pixels = height * width;
    const dx = heap.makeOutput([...dy.shape], 'float32');
    const [dGamma, dBeta] = [heap.makeOutput([channels], 'float32'), heap.makeOutput([channels], 'float32')];
    const sums = heap.makeOutput([4, channels], 'float32');
    const means = heap.makeOutput([2, channels], 'float32');
    const [sumValues, meanValues] = [
      heap.typedArrayFromHeap(sums),
      heap.typedArrayFromHeap(means),
    ] as Float32Array[];
    const gammaTotal = new Float64Array(channels);
    const betaTotal = new Float64Array(channels);
    const [dyAt, xHatAt, statsAt, dxAt] = [dy, xHat, stats, dx].map((t) => simd.pointer(t)) as [
      number,
      number,
      number,
      number,
    ];
    const [gammaAt, sumsAt, meansAt] = [simd.pointer(gamma), simd.pointer(sums), simd.pointer(means)];
    const imageBytes = pixels * channels * 4;
    for (let n = 0; n < images; n++) {
      simd.helpers.normaliseGradientSums(
        dyAt + n * imageBytes,
        xHatAt + n * imageBytes,
        gammaAt,
        sumsAt,
        pixels,
        channels,
      );
      for (let c = 0; c < channels; c++) {
        betaTotal[c] = (betaTotal[c] ?? 0) + (sumValues?.[c] ?? 0);
        gammaTotal[c] = (gammaTotal[c] ?? 0) + (sumValues?.[channels + c] ?? 0);
        if (meanValues && sumValues) {
          meanValues[c] = (sumValues[2 * channels + c] ?? 0) / pixels;
          meanValues[channels + c] = (sumValues[3 * channels + c] ?? 0) / pixels;
        }
      }
      simd.helpers.normaliseGradientInput(
        dyAt + n * imageBytes,
        xHatAt + n * imageBytes,
        gammaAt,
        statsAt + (2 * n + 1) * channels * 4,
        meansAt,
        meansAt + channels * 4,
        dxAt + n * imageBytes,
        pixels,
        channels,
      );
    }
    (heap.typedArrayFromHeap(dGamma) as Float32Array).set(gammaTotal);
    (heap.typedArrayFromHeap(dBeta) as Float32Array).set(betaTotal);
    heap.disposeData(sums.dataId);
    heap.disposeData(means.dataId);
    return [dx, dGamma, dBeta];
  };
}
